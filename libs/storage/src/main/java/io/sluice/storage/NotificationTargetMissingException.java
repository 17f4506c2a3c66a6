package io.sluice.storage;

/**
 * MinIO refused a bucket notification because the target ARN does not exist (or is malformed): the
 * store has no notification target with that identifier configured. Only an operator can fix it, on
 * the MinIO side.
 */
public class NotificationTargetMissingException extends RequestRejectedException {

  private final String bucket;
  private final String targetArn;

  public NotificationTargetMissingException(
      String bucket, String targetArn, RequestRejectedException cause) {
    super(cause.code(), cause.reason(), message(bucket, targetArn, cause), cause);
    this.bucket = bucket;
    this.targetArn = targetArn;
  }

  public String bucket() {
    return bucket;
  }

  public String targetArn() {
    return targetArn;
  }

  private static String message(String bucket, String arn, RequestRejectedException cause) {
    return "MinIO has no notification target "
        + arn
        + ", so bucket '"
        + bucket
        + "' cannot send its events to it (MinIO: "
        + cause.code()
        + ": "
        + cause.reason()
        + ")";
  }
}
