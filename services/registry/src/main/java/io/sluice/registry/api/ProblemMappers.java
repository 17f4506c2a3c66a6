package io.sluice.registry.api;

import io.sluice.registry.RefusedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals and JAX-RS errors (404, 405, 406, ...) into problem details. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return e.problem().toResponse();
  }

  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    Response.Status status =
        e.kind() == RefusedException.Kind.NOT_FOUND
            ? Response.Status.NOT_FOUND
            : Response.Status.CONFLICT;
    return Problem.of(status, e.getMessage()).toResponse();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
    if (status == null) {
      status = Response.Status.BAD_REQUEST;
    }
    return Problem.of(status, e.getMessage()).toResponse();
  }
}
