package io.sluice.ingest.store;

import io.sluice.ingest.store.WiringStatus.State;
import io.sluice.storage.BucketNotifications;
import io.sluice.storage.NotificationTargetMissingException;
import io.sluice.storage.QueueWiring;
import io.sluice.storage.StorageException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Makes watched buckets send {@code s3:ObjectCreated:*} to MinIO's Kafka target and remembers how
 * each attempt ended. Ingest acts on object-created events only (a removal never changes a dataset
 * version), so removals are not asked for. A failure is logged when a bucket's state changes, not
 * at every retry, so a missing target gives one clear ERROR.
 */
public final class BucketWiring {

  private static final Logger LOG = Logger.getLogger(BucketWiring.class);

  /** The events ingest consumes. */
  public static final String OBJECT_CREATED = "s3:ObjectCreated:*";

  private final BucketNotifications notifications;
  private final QueueWiring wiring;
  private final String topic;
  private final Map<String, WiringStatus> statuses = new ConcurrentHashMap<>();

  /**
   * @param topic the Kafka topic ingest reads, named in the fix an operator is told
   */
  public BucketWiring(BucketNotifications notifications, String targetArn, String topic) {
    this.notifications = notifications;
    this.wiring = new QueueWiring(targetArn, List.of(OBJECT_CREATED));
    this.topic = topic;
  }

  /** Wires the bucket unless it was wired before; returns where it stands. */
  public WiringStatus ensure(String bucket) {
    WiringStatus known = statuses.get(bucket);
    return known != null && known.wired() ? known : wire(bucket);
  }

  /** Every bucket tried so far, by name. */
  public Map<String, WiringStatus> statuses() {
    return new TreeMap<>(statuses);
  }

  private WiringStatus wire(String bucket) {
    WiringStatus status;
    try {
      BucketNotifications.Outcome outcome = notifications.ensure(bucket, wiring);
      status =
          new WiringStatus(State.WIRED, "sends " + OBJECT_CREATED + " to " + wiring.targetArn());
      LOG.infof("bucket=%s %s (%s)", bucket, status.detail(), outcome);
    } catch (NotificationTargetMissingException e) {
      status = new WiringStatus(State.TARGET_MISSING, targetMissing(bucket));
    } catch (StorageException e) {
      status = new WiringStatus(State.FAILED, e.getMessage());
    }
    WiringStatus previous = statuses.put(bucket, status);
    if (!status.wired() && !status.equals(previous)) {
      logFailure(bucket, status);
    }
    return status;
  }

  private void logFailure(String bucket, WiringStatus status) {
    if (status.state() == State.TARGET_MISSING) {
      LOG.errorf("bucket=%s: %s", bucket, status.detail());
    } else {
      LOG.warnf(
          "bucket=%s: notification wiring failed, retried later: %s", bucket, status.detail());
    }
  }

  /** What is wrong and the one way to fix it, for the log and the readiness check. */
  private String targetMissing(String bucket) {
    String arn = wiring.targetArn();
    return "MinIO has no notification target "
        + arn
        + ", so bucket '"
        + bucket
        + "' sends ingest no events. Fix: configure MinIO's Kafka target with identifier '"
        + identifier(arn)
        + "': mc admin config set <alias> notify_kafka:"
        + identifier(arn)
        + " brokers=<kafka-host:port> topic="
        + topic
        + " (then mc admin service restart <alias> if mc asks for it),"
        + " or set sluice.ingest.bucket-notifications.target-arn to a target MinIO has.";
  }

  /** {@code arn:minio:sqs::<identifier>:kafka} -> identifier. */
  static String identifier(String arn) {
    String[] fields = arn.split(":", -1);
    return fields.length == 6 ? fields[4] : "<identifier>";
  }
}
