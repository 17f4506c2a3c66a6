package io.sluice.launcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** {@code sluice.s3.*}: the object store that holds step inputs and outputs. */
@ConfigMapping(prefix = "sluice.s3")
public interface S3Config {

  /** The S3 (MinIO) endpoint, addressed path-style. */
  URI endpoint();

  /** The region to sign requests for. */
  String region();

  /** The access key id. */
  String accessKey();

  /** The secret access key. */
  String secretKey();

  /** The longest one S3 call (one attempt of it) may take. */
  @WithDefault("60s")
  Duration callTimeout();
}
