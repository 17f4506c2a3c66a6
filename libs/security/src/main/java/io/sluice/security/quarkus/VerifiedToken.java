package io.sluice.security.quarkus;

import io.sluice.security.Roles;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token the verifier accepted, with what later requests ask of it worked out once: its {@code
 * exp}, and the roles its {@code groups} amount to ({@link Roles#effective}). smallrye-jwt's {@code
 * getGroups()} copies the claim into a new set on every call; a route that checks the role of every
 * request asks {@link #grants} instead.
 */
public record VerifiedToken(JsonWebToken token, Set<String> roles, long expiresAtSecond) {

  /** The verified {@code token} with its roles and expiry read now. */
  public static VerifiedToken of(JsonWebToken token) {
    Set<String> groups = token.getGroups();
    return new VerifiedToken(
        token, Roles.effective(groups == null ? Set.of() : groups), token.getExpirationTime());
  }

  /** Whether the token's roles amount to {@code role}, as {@link Roles#grants} decides. */
  public boolean grants(String role) {
    return roles.contains(role);
  }

  /** A token without {@code exp} (0) is never unexpired: its lifetime is not ours to guess. */
  boolean isUnexpiredAt(long nowSeconds) {
    return nowSeconds < expiresAtSecond;
  }
}
