package io.sluice.testkit;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Turns object events into MinIO notifications and hands them to the current Kafka target, if any.
 * Events are stamped and sent one at a time so that Kafka's order of a key's events is the order of
 * their sequencers.
 */
final class BucketNotifier implements Consumer<ObjectEvent>, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(BucketNotifier.class.getName());

  private final MinioNotificationFormat format;
  private final EventClock clock;
  private final boolean publishDeletes;
  private KafkaNotificationPublisher target;

  BucketNotifier(MinioNotificationFormat format, EventClock clock, boolean publishDeletes) {
    this.format = format;
    this.clock = clock;
    this.publishDeletes = publishDeletes;
  }

  /** Sends all later events to this target (or to none when {@code null}). */
  synchronized void publishTo(KafkaNotificationPublisher newTarget) {
    if (target != null) {
      target.close();
    }
    target = newTarget;
  }

  @Override
  public synchronized void accept(ObjectEvent event) {
    if (target == null || (event.isRemoval() && !publishDeletes)) {
      return;
    }
    try {
      target.publish(format.format(event, clock.next()));
    } catch (RuntimeException e) {
      // The object is stored either way; like MinIO, a lost event does not fail the S3 request.
      LOG.log(
          Level.WARNING, "Lost bucket notification for " + event.bucket() + "/" + event.key(), e);
    }
  }

  @Override
  public void close() {
    publishTo(null);
  }
}
