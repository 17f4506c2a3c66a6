package io.sluice.security.quarkus;

/**
 * An RFC 9457 problem detail for a refused call: the same shape as every other problem the services
 * answer with.
 */
public record AccessProblem(String type, String title, int status, String detail) {

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";
}
