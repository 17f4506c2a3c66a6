package io.sluice.gateway.infer;

import io.sluice.gateway.api.InferenceAccess;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.AccessProblems;
import io.sluice.security.quarkus.BearerTokenVerifier;
import io.sluice.security.quarkus.SecurityConfig;
import io.sluice.security.quarkus.VerifiedToken;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;

/**
 * Who may score with a model, checked on the request's own thread the way the REST layer's
 * {@code @PermissionsAllowed} checks the other model endpoints: the same verifier (smallrye-jwt's
 * parser behind libs/security's cache of verified tokens), the same rule ({@link InferenceAccess}),
 * the same refusals. A token that is sent is always verified, even for an open model: a bad token
 * is 401 everywhere. With {@code sluice.security.enabled=false} everyone is admitted.
 */
@Singleton
public class CallerCheck {

  private final BearerTokenVerifier tokens;
  private final InferenceAccess access;
  private final boolean enabled;

  public CallerCheck(BearerTokenVerifier tokens, InferenceAccess access, SecurityConfig security) {
    this.tokens = tokens;
    this.access = access;
    this.enabled = security.enabled();
  }

  /** Null when the caller may score with {@code model}, else why not. */
  public AccessRefusal refusal(String model, HttpServerRequest request) {
    if (!enabled) {
      return null;
    }
    VerifiedToken verified;
    try {
      verified = tokens.verify(request.getHeader(HttpHeaders.AUTHORIZATION));
    } catch (ParseException | RuntimeException e) {
      return new AccessRefusal(
          401, AccessProblems.INVALID_TOKEN_CHALLENGE, AccessProblems.INVALID_TOKEN);
    }
    if (access.isOpen(model)) {
      return null;
    }
    if (verified == null) {
      return new AccessRefusal(
          401, AccessProblems.MISSING_TOKEN_CHALLENGE, AccessProblems.MISSING_TOKEN);
    }
    return verified.grants(Roles.INFERENCE)
        ? null
        : new AccessRefusal(403, null, AccessProblems.MISSING_ROLE);
  }
}
