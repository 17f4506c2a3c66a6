package io.sluice.storage;

import io.minio.messages.NotificationConfiguration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes a bucket send its events to a MinIO notification target, through the SDK's bucket
 * notification calls: read the configuration, merge ({@link QueueWiring}), write only when
 * something changes. Running it again changes nothing.
 */
public final class BucketNotifications {

  /** What {@link #ensure} did. */
  public enum Outcome {
    /** The configuration was written. */
    WIRED,
    /** The bucket already sent those events to the target; nothing was written. */
    UNCHANGED
  }

  private static final Pattern ARN = Pattern.compile("\\bARN\\b", Pattern.CASE_INSENSITIVE);

  private final StorageClient storage;

  public BucketNotifications(StorageClient storage) {
    this.storage = storage;
  }

  /**
   * Makes {@code bucket} send {@code wiring}'s events to its target.
   *
   * @throws NotificationTargetMissingException when MinIO does not know the target ARN
   * @throws StorageException for every other failure (see its subclasses)
   */
  public Outcome ensure(String bucket, QueueWiring wiring) {
    Optional<NotificationConfiguration> wanted =
        wiring.apply(storage.notificationConfiguration(bucket));
    if (wanted.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    try {
      storage.setNotificationConfiguration(bucket, wanted.get());
    } catch (RequestRejectedException e) {
      throw isUnknownTarget(e)
          ? new NotificationTargetMissingException(bucket, wiring.targetArn(), e)
          : e;
    }
    return Outcome.WIRED;
  }

  /**
   * MinIO answers {@code InvalidArgument} "A specified destination ARN does not exist or is not
   * well-formed" for a target it does not have; the code alone is also used for other mistakes.
   */
  private static boolean isUnknownTarget(RequestRejectedException e) {
    return "InvalidArgument".equals(e.code())
        && e.reason() != null
        && ARN.matcher(e.reason()).find();
  }
}
