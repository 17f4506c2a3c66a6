package io.sluice.security.tokens;

import io.sluice.security.Roles;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Signs the bearer tokens of local mode and tests: RS256 JWTs with the claims MicroProfile JWT
 * reads ({@code iss}, {@code sub}, {@code upn}, {@code groups}, {@code iat}, {@code exp}, {@code
 * jti}), so the services check them exactly as they check an OIDC provider's.
 */
public final class TokenMinter {

  /**
   * The issuer of local-mode tokens; the services expect it through {@code mp.jwt.verify.issuer}.
   */
  public static final String LOCAL_ISSUER = "sluice-local";

  /** The longest lifetime a token may be given. */
  public static final Duration MAX_TTL = Duration.ofDays(366);

  private final PrivateKey key;
  private final String issuer;
  private final Clock clock;

  public TokenMinter(PrivateKey key, String issuer, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.clock = clock;
  }

  public TokenMinter(PrivateKey key) {
    this(key, LOCAL_ISSUER, Clock.systemUTC());
  }

  /**
   * A signed token for {@code subject} with {@code roles}, valid for {@code ttl}.
   *
   * @throws IllegalArgumentException for a blank subject, an unknown role, or a lifetime that is
   *     not positive or longer than {@link #MAX_TTL}
   */
  public String mint(String subject, Set<String> roles, Duration ttl) {
    check(subject, roles, ttl);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    claims.setClaim("upn", subject);
    if (!roles.isEmpty()) {
      // Left out rather than empty, as identity providers do for a user in no group.
      claims.setStringListClaim("groups", List.copyOf(roles));
    }
    long now = clock.instant().getEpochSecond();
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setNotBefore(NumericDate.fromSeconds(now - 5));
    claims.setExpirationTime(NumericDate.fromSeconds(now + ttl.toSeconds()));
    claims.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign a token with this key", e);
    }
  }

  private static void check(String subject, Set<String> roles, Duration ttl) {
    if (subject == null || subject.isBlank() || !subject.strip().equals(subject)) {
      throw new IllegalArgumentException("the subject must be a name without surrounding blanks");
    }
    for (String role : roles) {
      if (!Roles.isKnown(role)) {
        throw new IllegalArgumentException(
            "unknown role '" + role + "'; roles are " + String.join(", ", Roles.ALL));
      }
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "a token's lifetime must be more than 0 and at most " + MAX_TTL.toDays() + " days");
    }
  }
}
