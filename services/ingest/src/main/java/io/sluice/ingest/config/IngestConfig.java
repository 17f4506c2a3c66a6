package io.sluice.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code sluice.ingest.*}: how ingest watches drops. */
@ConfigMapping(prefix = "sluice.ingest")
public interface IngestConfig {

  /** How often pending drops of QUIET_PERIOD datasets are checked for completion. */
  @WithDefault("1s")
  Duration quietCheckInterval();

  /** The topic MinIO publishes bucket notifications to. */
  @WithDefault("minio.bucket.events")
  String notificationsTopic();
}
