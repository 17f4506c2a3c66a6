package io.sluice.launcher.kubernetes;

import io.sluice.launcher.exec.AttemptKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic Job names: the same attempt always gets the same name, so a redelivered request
 * meets the existing Job (409) instead of creating a second one. A readable part from the step name
 * plus a hash of the whole key keeps names unique, valid DNS labels and at most 63 characters.
 */
public final class JobNames {

  static final int MAX_LENGTH = 63;
  private static final int HASH_CHARS = 16;

  private JobNames() {}

  public static String of(AttemptKey key) {
    String readable = key.stepName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String prefix = "sluice-" + readable;
    int room = MAX_LENGTH - HASH_CHARS - 1;
    if (prefix.length() > room) {
      prefix = prefix.substring(0, room);
    }
    prefix = prefix.replaceAll("-+$", "");
    return prefix + "-" + hash(key);
  }

  private static String hash(AttemptKey key) {
    String text =
        key.runId() + "\n" + key.stepName() + "\n" + key.attempt() + "\n" + key.shardIndex();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A label value (63 characters, alphanumeric at both ends) that shows {@code text}. */
  static String labelValue(String text) {
    String value = text.replaceAll("[^A-Za-z0-9._-]", "_");
    if (value.length() > MAX_LENGTH) {
      value = value.substring(0, MAX_LENGTH);
    }
    return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
