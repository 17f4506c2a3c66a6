package io.sluice.ingest.api;

import jakarta.ws.rs.core.Response;

/** Thrown by resources to answer with a problem detail. */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Response.Status status, String detail) {
    super(detail);
    this.problem = Problem.of(status, detail);
  }

  public Problem problem() {
    return problem;
  }
}
