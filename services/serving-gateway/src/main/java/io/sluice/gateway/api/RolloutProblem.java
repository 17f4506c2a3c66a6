package io.sluice.gateway.api;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, the answer of {@code /api/v1/rollouts} to anything it refuses (the V2
 * endpoints answer in the protocol's own {@code {"error": ...}} shape instead).
 */
public record RolloutProblem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static RolloutProblem of(Response.Status status, String detail) {
    return new RolloutProblem(
        "about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }

  /** Thrown to answer with a problem. */
  public static final class Refusal extends RuntimeException {

    private final transient RolloutProblem problem;

    public Refusal(Response.Status status, String detail) {
      super(detail);
      this.problem = of(status, detail);
    }

    public RolloutProblem problem() {
      return problem;
    }
  }
}
