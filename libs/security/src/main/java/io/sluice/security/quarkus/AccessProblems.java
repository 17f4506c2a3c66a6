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

  @ServerExceptionMapper
  public Response missingToken(UnauthorizedException e) {
    return unauthorized(
        "Bearer realm=\"" + REALM + "\"",
        "this endpoint needs a bearer token: send 'Authorization: Bearer <token>'");
  }

  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return unauthorized(
        "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"",
        "the bearer token was refused: it is malformed, expired, not yet valid, or not signed by"
            + " the configured issuer");
  }

  @ServerExceptionMapper
  public Response missingRole(ForbiddenException e) {
    AccessProblem problem =
        new AccessProblem(
            "about:blank",
            "Forbidden",
            403,
            "the token is valid but lacks the role this endpoint needs (see the roles table in"
                + " docs/security.md)");
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
