package io.sluice.security.quarkus;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refused calls as problem bodies: 401 with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750)
 * when no valid token came, 403 when the token lacks the role. Needs {@code
 * quarkus.http.auth.proactive=false}, so that authentication fails inside the REST layer where
 * these mappers see it. The detail never echoes the token.
 */
public class AccessProblems {

  static final String REALM = "sluice";

  /** The challenge when no token came (RFC 6750). */
  public static final String MISSING_TOKEN_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

  /** Why a call without a token is refused. */
  public static final String MISSING_TOKEN =
      "this endpoint needs a bearer token: send 'Authorization: Bearer <token>'";

  /** The challenge when the token was refused (RFC 6750). */
  public static final String INVALID_TOKEN_CHALLENGE =
      "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"";

  /** Why a call with a refused token is refused. */
  public static final String INVALID_TOKEN =
      "the bearer token was refused: it is malformed, expired, not yet valid, or not signed by"
          + " the configured issuer";

  /** Why a call whose token lacks the role is refused. */
  public static final String MISSING_ROLE =
      "the token is valid but lacks the role this endpoint needs (see the roles table in"
          + " docs/security.md)";

  @ServerExceptionMapper
  public Response missingToken(UnauthorizedException e) {
    return unauthorized(MISSING_TOKEN_CHALLENGE, MISSING_TOKEN);
  }

  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return unauthorized(INVALID_TOKEN_CHALLENGE, INVALID_TOKEN);
  }

  @ServerExceptionMapper
  public Response missingRole(ForbiddenException e) {
    AccessProblem problem = new AccessProblem("about:blank", "Forbidden", 403, MISSING_ROLE);
    return Response.status(403).type(AccessProblem.MEDIA_TYPE).entity(problem).build();
  }

  private static Response unauthorized(String challenge, String detail) {
    AccessProblem problem = new AccessProblem("about:blank", "Unauthorized", 401, detail);
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
        .type(AccessProblem.MEDIA_TYPE)
        .entity(problem)
        .build();
  }
}
