package io.sluice.security.quarkus;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's verified token from an {@code Authorization} header, for a route that checks its
 * callers itself instead of through Quarkus' HTTP security (the serving gateway's inference route):
 * the same verifier as the REST layer's, behind the same {@link VerifiedTokenCache} when the cache
 * is on ({@code sluice.security.token-cache.enabled}).
 */
@Singleton
public class BearerTokenVerifier {

  private final JWTParser parser;
  private final JWTAuthContextInfo context;
  private final VerifiedTokenCache cache;

  public BearerTokenVerifier(
      JWTParser parser,
      JWTAuthContextInfo context,
      TokenCacheConfig config,
      TokenCacheHolder holder) {
    this.parser = parser;
    this.context = context;
    this.cache = config.enabled() ? holder.cache() : null;
  }

  /**
   * The header's token, verified (signature, issuer, lifetime); null when the header carries no
   * bearer token.
   *
   * @throws ParseException for a token the verifier refuses
   */
  public VerifiedToken verify(String authorization) throws ParseException {
    if (cache != null) {
      return cache.verifyBearer(authorization, this::verifyUncached);
    }
    String token = BearerHeaders.tokenOf(authorization);
    return token == null ? null : VerifiedToken.of(verifyUncached(token));
  }

  // parse(token, context) is smallrye-jwt's parse(token) with the context made explicit, and not
  // the method CachingJwtParser decorates: a miss here reaches the real verifier once, not the
  // cache a second time.
  private JsonWebToken verifyUncached(String token) throws ParseException {
    return parser.parse(token, context);
  }
}
