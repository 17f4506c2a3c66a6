package io.sluice.gateway.infer;

import io.netty.util.concurrent.FastThreadLocal;
import io.quarkus.arc.ClientProxy;
import io.sluice.gateway.api.InferenceAccess;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.AccessProblems;
import io.sluice.security.quarkus.SecurityConfig;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may score with a model, checked on the request's own thread the way the REST layer's
 * {@code @PermissionsAllowed} checks the other model endpoints: the same verifier (smallrye-jwt's
 * parser behind libs/security's cache of verified tokens), the same rule ({@link InferenceAccess}),
 * the same refusals. A token that is sent is always verified, even for an open model: a bad token
 * is 401 everywhere. With {@code sluice.security.enabled=false} everyone is admitted.
 */
@Singleton
public class CallerCheck {

  private static final String BEARER = "bearer ";

  private final JWTParser tokens;
  private final InferenceAccess access;
  private final boolean enabled;
  private final FastThreadLocal<Verdict> lastVerdict = new FastThreadLocal<>();
  private final FastThreadLocal<BearerHeader> lastHeader = new FastThreadLocal<>();

  public CallerCheck(JWTParser tokens, InferenceAccess access, SecurityConfig security) {
    // The parser is smallrye-jwt's application-scoped bean: calling it through its client proxy
    // looks its context up on every request; the instance behind the proxy never changes.
    this.tokens = ClientProxy.unwrap(tokens);
    this.access = access;
    this.enabled = security.enabled();
  }

  /** Null when the caller may score with {@code model}, else why not. */
  public AccessRefusal refusal(String model, HttpServerRequest request) {
    if (!enabled) {
      return null;
    }
    String token = tokenOf(request.getHeader(HttpHeaders.AUTHORIZATION));
    JsonWebToken verified = null;
    if (token != null) {
      try {
        verified = tokens.parse(token);
      } catch (ParseException | RuntimeException e) {
        return new AccessRefusal(
            401, AccessProblems.INVALID_TOKEN_CHALLENGE, AccessProblems.INVALID_TOKEN);
      }
    }
    if (access.isOpen(model)) {
      return null;
    }
    if (verified == null) {
      return new AccessRefusal(
          401, AccessProblems.MISSING_TOKEN_CHALLENGE, AccessProblems.MISSING_TOKEN);
    }
    return grantsInference(verified)
        ? null
        : new AccessRefusal(403, null, AccessProblems.MISSING_ROLE);
  }

  // The verifier hands back the same token instance while it holds it (libs/security's cache), and
  // a verified token's roles never change: each thread keeps its last token's verdict, because
  // getGroups() copies the claim into a new set on every call.
  boolean grantsInference(JsonWebToken verified) {
    Verdict last = lastVerdict.get();
    if (last != null && last.token() == verified) {
      return last.granted();
    }
    boolean granted = Roles.grants(verified.getGroups(), Roles.INFERENCE);
    lastVerdict.set(new Verdict(verified, granted));
    return granted;
  }

  private record Verdict(JsonWebToken token, boolean granted) {}

  // A client sends the same header, several hundred characters of it, on every request: each
  // thread keeps its last header's token, so a repeat costs a comparison instead of a copy, and the
  // token cache then meets the very same text instance it holds (equals() stops at identity).
  String tokenOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    BearerHeader last = lastHeader.get();
    if (last != null && authorization.equals(last.header())) {
      return last.token();
    }
    String token = bearerToken(authorization);
    lastHeader.set(new BearerHeader(authorization, token));
    return token;
  }

  private record BearerHeader(String header, String token) {}

  /** The token of an {@code Authorization: Bearer} header; another scheme is no token. */
  static String bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }
}
