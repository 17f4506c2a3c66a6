package io.sluice.storage;

/**
 * The store (or the client, before sending) refused the request as invalid, e.g. a malformed bucket
 * name or a notification configuration naming an unknown target.
 */
public class RequestRejectedException extends StorageException {

  private final String code;
  private final String reason;

  public RequestRejectedException(String code, String reason, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.reason = reason;
  }

  /** The S3 error code, e.g. {@code InvalidArgument}; {@code InvalidRequest} when never sent. */
  public String code() {
    return code;
  }

  /** The store's own message (or the client's, when never sent), without the call it was for. */
  public String reason() {
    return reason;
  }
}
