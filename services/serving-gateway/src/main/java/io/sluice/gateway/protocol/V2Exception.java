package io.sluice.gateway.protocol;

/**
 * A request the gateway refuses, answered as {@code {"error": "..."}} with the given status, as the
 * Open Inference Protocol prescribes.
 */
public class V2Exception extends RuntimeException {

  private final int status;

  public V2Exception(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400 for a request that can never succeed as sent. */
  public static V2Exception badRequest(String message) {
    return new V2Exception(400, message);
  }

  /** 404 for a model (or version) this gateway does not serve. */
  public static V2Exception notFound(String message) {
    return new V2Exception(404, message);
  }

  public int status() {
    return status;
  }
}
