package io.sluice.orchestrator.api;

import io.sluice.orchestrator.run.RunRefused;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals and JAX-RS errors (404, 405, 415, ...) into problem details. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return e.problem().toResponse();
  }

  @ServerExceptionMapper
  public Response refused(RunRefused e) {
    Response.Status status =
        switch (e.why()) {
          case NOT_FOUND -> Response.Status.NOT_FOUND;
          case CONFLICT -> Response.Status.CONFLICT;
          case INVALID -> Response.Status.BAD_REQUEST;
        };
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
