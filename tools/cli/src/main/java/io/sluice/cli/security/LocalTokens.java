package io.sluice.cli.security;

import io.sluice.cli.CliException;
import io.sluice.cli.config.StateDir;
import io.sluice.security.Roles;
import io.sluice.security.tokens.SigningKeys;
import io.sluice.security.tokens.TokenMinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * Local mode's stand-in for an OIDC provider: a signing key in the state folder, whose public half
 * the services verify tokens with, an admin token that {@code up} writes for the demo and the CLI,
 * and any other token {@code ./sluice token} is asked for.
 */
public final class LocalTokens {

  /** The subject of the admin token {@code up} writes. */
  public static final String ADMIN_SUBJECT = "local-admin";

  /** How long the admin token {@code up} writes stays valid. */
  public static final Duration ADMIN_TTL = Duration.ofDays(30);

  private final StateDir state;
  private final SigningKeys keys;

  public LocalTokens(StateDir state) {
    this.state = state;
    this.keys = new SigningKeys(state.keys());
  }

  /** The public key file the services are pointed at. */
  public Path publicKeyFile() {
    return keys.publicKeyFile();
  }

  /** Creates the signing key if missing and writes a fresh admin token; true if a key was made. */
  public boolean prepare() {
    try {
      boolean created = keys.createIfMissing();
      writeOwnerOnly(state.adminToken(), mint(ADMIN_SUBJECT, Set.of(Roles.ADMIN), ADMIN_TTL));
      return created;
    } catch (IOException e) {
      throw new CliException(
          "cannot prepare the token signing key in " + state.keys() + ": " + e, e);
    }
  }

  /** A token signed with the local key; the key must exist ({@code ./sluice up} makes it). */
  public String mint(String subject, Set<String> roles, Duration ttl) {
    if (!keys.exist()) {
      throw new CliException(
          "there is no token signing key in " + state.keys() + " yet; run ./sluice up first");
    }
    try {
      return new TokenMinter(keys.loadPrivateKey()).mint(subject, roles, ttl);
    } catch (IOException e) {
      throw new CliException("cannot read the token signing key: " + e.getMessage(), e);
    }
  }

  /** The admin token {@code up} wrote. */
  public String adminToken() {
    try {
      return Files.readString(state.adminToken(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliException(
          "cannot read the admin token " + state.adminToken() + "; run ./sluice up first", e);
    }
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), ".admin", ".token");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the state folder's own permissions are all there is.
    }
    Files.writeString(temp, content + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
