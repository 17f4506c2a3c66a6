package io.sluice.security.quarkus;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts {@link VerifiedTokenCache} in front of smallrye-jwt's {@link JWTParser#parse(String)}, the
 * one call Quarkus' bearer-token provider ({@code MpJwtValidator}) makes per request. Decorating
 * the parser, rather than replacing the identity provider, keeps everything after it unchanged:
 * Quarkus still builds the identity from the token (principal, groups, credential), and {@link
 * RoleExpansion} still expands the roles, on every request. Only the signature check and the JSON
 * parsing are skipped for a token already verified.
 */
@Decorator
@Priority(1)
public abstract class CachingJwtParser implements JWTParser {

  @Inject @Delegate JWTParser delegate;

  @Inject TokenCacheConfig config;

  @Inject TokenCacheHolder holder;

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    if (!config.enabled()) {
      return delegate.parse(token);
    }
    return holder.cache().verify(token, delegate::parse);
  }
}
