package io.sluice.launcher.local;

import io.sluice.events.FailureReason;
import io.sluice.events.SecretRef;
import io.sluice.launcher.step.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves a step's {@link SecretRef}s on this host, never from events: first from the secrets
 * folder ({@code <dir>/<secret>/<key>}, one file per key, the file's exact bytes), else from the
 * launcher's own environment (secret {@code db-creds} key {@code password} is {@code
 * SLUICE_SECRET_DB_CREDS_PASSWORD}). Refusals name the secret and key, never a value.
 */
public final class SecretResolver {

  /** Kubernetes' own limit for a whole Secret: a value past it is a mistake, not a secret. */
  public static final int MAX_VALUE_BYTES = 1024 * 1024;

  /** A Kubernetes Secret name (DNS subdomain): no '/', no '..' component. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

  private final Path secretsDir;
  private final Map<String, String> launcherEnv;

  /** Resolves from the environment only. */
  public SecretResolver(Map<String, String> launcherEnv) {
    this(null, launcherEnv);
  }

  /** {@code secretsDir} may be null: then only the environment is asked. */
  public SecretResolver(Path secretsDir, Map<String, String> launcherEnv) {
    this.secretsDir = secretsDir == null ? null : secretsDir.toAbsolutePath().normalize();
    this.launcherEnv = Map.copyOf(launcherEnv);
  }

  /** The values the references name: variables by name, files by file name. */
  public ResolvedSecrets resolve(List<SecretRef> refs) throws StepFailure {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (SecretRef ref : refs) {
      byte[] value = valueOf(ref);
      if (ref.envVar() != null) {
        env.put(ref.envVar(), asVariable(ref, value));
      } else {
        files.put(ref.file(), value);
      }
    }
    return new ResolvedSecrets(env, files);
  }

  private byte[] valueOf(SecretRef ref) throws StepFailure {
    if (!SECRET_NAME.matcher(ref.secretName()).matches()
        || ref.secretName().length() > 253
        || !SECRET_KEY.matcher(ref.key()).matches()
        || ref.key().startsWith("..")
        || ref.key().equals(".")) {
      throw refused(ref, "is not a valid secret name and key");
    }
    if (secretsDir != null) {
      byte[] fromFolder = fromFolder(ref);
      if (fromFolder != null) {
        return fromFolder;
      }
    }
    String fromEnv = launcherEnv.get(variableOf(ref));
    if (fromEnv == null) {
      throw refused(
          ref,
          "is not configured ("
              + (secretsDir == null ? "" : secretsDir.resolve(ref.secretName()) + "/" + ref.key())
              + (secretsDir == null ? "" : " or ")
              + variableOf(ref)
              + ")");
    }
    return fromEnv.getBytes(StandardCharsets.UTF_8);
  }

  /** The key's file, or null when there is none. */
  private byte[] fromFolder(SecretRef ref) throws StepFailure {
    Path file = secretsDir.resolve(ref.secretName()).resolve(ref.key()).normalize();
    if (!file.startsWith(secretsDir) || file.equals(secretsDir)) {
      throw refused(ref, "is outside the secrets folder");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] value = in.readNBytes(MAX_VALUE_BYTES + 1);
      if (value.length > MAX_VALUE_BYTES) {
        throw refused(ref, "is larger than " + MAX_VALUE_BYTES + " bytes (" + file + ")");
      }
      return value;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      // The exception names the path only; a read error never carries file content.
      throw refused(ref, "cannot be read (" + file + ": " + e.getClass().getSimpleName() + ")");
    }
  }

  /** An environment value cannot hold a NUL, and the JDK's refusal would quote the value. */
  private static String asVariable(SecretRef ref, byte[] value) throws StepFailure {
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.indexOf('\0') >= 0) {
      throw refused(ref, "holds a NUL byte and cannot be an environment variable (use file)");
    }
    return text;
  }

  private static StepFailure refused(SecretRef ref, String problem) {
    return new StepFailure(
        FailureReason.INVALID_REQUEST,
        false,
        "secret '" + ref.secretName() + "' key '" + ref.key() + "' " + problem);
  }

  static String variableOf(SecretRef ref) {
    return ("SLUICE_SECRET_" + ref.secretName() + "_" + ref.key())
        .toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9_]", "_");
  }

  /**
   * What a step gets.
   *
   * @param env variable name to value
   * @param files file name (in the step's secrets folder) to content
   */
  public record ResolvedSecrets(Map<String, String> env, Map<String, byte[]> files) {

    public static final ResolvedSecrets NONE = new ResolvedSecrets(Map.of(), Map.of());

    /** Every value, as the step's output would show it: what logs mask. */
    public List<String> values() {
      List<String> values = new java.util.ArrayList<>(env.values());
      files.values().forEach(value -> values.add(new String(value, StandardCharsets.UTF_8)));
      return values.stream().filter(value -> !value.isBlank()).toList();
    }
  }
}
