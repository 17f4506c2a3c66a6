package io.sluice.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code sluice.ingest.*}: how ingest watches drops. */
@ConfigMapping(prefix = "sluice.ingest")
public interface IngestConfig {

  /** How often pending drops of QUIET_PERIOD datasets are checked for completion. */
  @WithDefault("1s")
  Duration quietCheckInterval();

  /** The topic MinIO publishes bucket notifications to. */
  @WithDefault("minio.bucket.events")
  String notificationsTopic();

  /**
   * A folder of dataset definitions ({@code *.json}, as posted to {@code /api/v1/datasets})
   * registered at every start-up, e.g. mounted from the Helm chart's values.
   */
  @WithName("bootstrap.datasets-dir")
  Optional<Path> bootstrapDatasetsDir();

  /** How complete drops are read. */
  DropReading completion();

  /** How drops whose notification never came are found. */
  Reconcile reconcile();

  /** {@code sluice.ingest.completion.*}. */
  interface DropReading {

    /**
     * How often each replica looks for complete drops that nobody reads: requested on another
     * replica, or due for another try. A notification wakes its own replica's worker at once.
     */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long one replica may read one drop before another takes it over (it crashed, or hangs):
     * longer than reading the largest drop the dataset limits allow.
     */
    @WithDefault("10m")
    Duration lease();
  }

  /** {@code sluice.ingest.reconcile.*}. */
  interface Reconcile {

    /**
     * How often the watched prefixes are listed for complete drops whose notification never came
     * (MinIO delivers notifications asynchronously and may drop them); 0 turns this off.
     */
    @WithDefault("5m")
    Duration interval();

    /**
     * How old a drop's newest object must be before a pass completes it, so that a pass does not
     * race a notification that is merely in flight.
     */
    @WithDefault("2m")
    Duration grace();
  }

  /** Whether ingest makes the watched buckets send their notifications to Kafka. */
  BucketNotifications bucketNotifications();

  /** {@code sluice.ingest.bucket-notifications.*}. */
  interface BucketNotifications {

    /**
     * On in cluster mode. Off by default: local mode's store publishes notifications by itself and
     * does not serve the notification API.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * MinIO's Kafka notification target, {@code arn:minio:sqs::<identifier>:kafka}; the identifier
     * is the one of MinIO's {@code notify_kafka:<identifier>} configuration.
     */
    @WithDefault("arn:minio:sqs::sluice:kafka")
    String targetArn();

    /** How often buckets that could not be wired are tried again. */
    @WithDefault("30s")
    Duration retryInterval();
  }
}
