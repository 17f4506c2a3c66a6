package io.sluice.testkit;

import io.sluice.security.Roles;
import io.sluice.security.tokens.SigningKeys;
import io.sluice.security.tokens.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Bearer tokens for tests, signed the way {@code ./sluice up} signs local-mode tokens: one key pair
 * per test JVM, in a temporary folder whose path is a system property (so every class loader of a
 * Quarkus test sees the same key). {@link SluiceInfraResource} points the service under test at its
 * public key.
 */
public final class TestTokens {

  /** The system property holding the key folder of this JVM. */
  public static final String KEYS_PROPERTY = "sluice.test.token-keys";

  /** The subject of {@link #admin()} tokens. */
  public static final String ADMIN_SUBJECT = "test-admin";

  private static final Duration TTL = Duration.ofHours(2);

  private TestTokens() {}

  /** A token with the {@code admin} role. */
  public static String admin() {
    return forSubject(ADMIN_SUBJECT, Roles.ADMIN);
  }

  /** A token for {@code subject} with exactly {@code roles} (none is allowed). */
  public static String forSubject(String subject, String... roles) {
    try {
      return new TokenMinter(keys().loadPrivateKey()).mint(subject, Set.of(roles), TTL);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token for a user named after its roles, e.g. {@code test-viewer}. */
  public static String withRoles(String... roles) {
    return forSubject("test-" + String.join("-", roles), roles);
  }

  /** The public key file the services verify test tokens with. */
  public static Path publicKeyFile() {
    return keys().publicKeyFile();
  }

  private static synchronized SigningKeys keys() {
    try {
      String folder = System.getProperty(KEYS_PROPERTY);
      if (folder == null) {
        Path created = Files.createTempDirectory("sluice-test-keys");
        created.toFile().deleteOnExit();
        folder = created.toString();
        System.setProperty(KEYS_PROPERTY, folder);
      }
      SigningKeys keys = new SigningKeys(Path.of(folder));
      keys.createIfMissing();
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the test signing keys", e);
    }
  }
}
