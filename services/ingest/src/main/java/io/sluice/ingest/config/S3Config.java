package io.sluice.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code sluice.s3.*}: the data store (MinIO or any S3), reached path-style. */
@ConfigMapping(prefix = "sluice.s3")
public interface S3Config {

  /** e.g. {@code http://localhost:9000}. */
  String endpoint();

  /** The signing region; MinIO accepts any. */
  String region();

  /** Access key id. */
  String accessKey();

  /** Secret key; never logged. */
  String secretKey();

  /** Longest wait to open a connection. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** Longest silence while reading a response. */
  @WithDefault("30s")
  Duration socketTimeout();

  /** Longest time for one whole call, retries included. */
  @WithDefault("5m")
  Duration callTimeout();
}
