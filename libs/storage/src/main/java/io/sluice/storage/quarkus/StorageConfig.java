package io.sluice.storage.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code sluice.s3.*}: the object store (MinIO), reached path-style. Every key can come from the
 * environment, e.g. {@code SLUICE_S3_ACCESS_KEY} and {@code SLUICE_S3_SECRET_KEY} from a Secret.
 */
@ConfigMapping(prefix = "sluice.s3")
public interface StorageConfig {

  /** e.g. {@code http://localhost:9000} or {@code https://minio.storage.svc:9000}. */
  URI endpoint();

  /** The region requests are signed for; MinIO accepts any, and a set one saves a look-up. */
  @WithDefault("us-east-1")
  String region();

  /** Access key id. */
  String accessKey();

  /** Secret key; never logged. */
  String secretKey();

  /** Longest wait to open a connection. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** Longest silence while reading or writing. */
  @WithDefault("30s")
  Duration socketTimeout();

  /** Longest time for one whole request: its retries and its body transfer included. */
  @WithDefault("5m")
  Duration callTimeout();

  /**
   * A PEM file with the CA certificates that sign the store's TLS certificate (MinIO behind TLS
   * with a private CA); it replaces the JVM's default CAs for this client. Unset: the JVM's CAs.
   */
  Optional<Path> trustCertificates();
}
