package io.sluice.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the object store (MinIO, addressed path-style).
 *
 * @param endpoint e.g. {@code http://localhost:9000} or {@code https://minio.storage:9000}
 * @param region the region requests are signed for; set, so the SDK never asks the store for a
 *     bucket's location
 * @param accessKey access key id
 * @param secretKey secret key; never logged
 * @param connectTimeout longest wait to open a connection
 * @param socketTimeout longest silence while reading or writing
 * @param callTimeout longest time for one whole request and its retries; an object's body being
 *     downloaded is bounded by the socket timeout per read instead
 * @param trustCertificates a PEM bundle of the CA certificates to trust for an {@code https}
 *     endpoint signed by a private CA; empty to trust the JVM's default CAs
 */
public record StorageSettings(
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration callTimeout,
    Optional<Path> trustCertificates) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

  /** The environment variables {@link #fromEnvironment} reads (the names Quarkus maps too). */
  public static final String ENDPOINT_ENV = "SLUICE_S3_ENDPOINT";

  public static final String REGION_ENV = "SLUICE_S3_REGION";
  public static final String ACCESS_KEY_ENV = "SLUICE_S3_ACCESS_KEY";
  public static final String SECRET_KEY_ENV = "SLUICE_S3_SECRET_KEY";
  public static final String TRUST_CERTIFICATES_ENV = "SLUICE_S3_TRUST_CERTIFICATES";

  public StorageSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(socketTimeout, "socketTimeout");
    requirePositive(callTimeout, "callTimeout");
    Objects.requireNonNull(trustCertificates, "trustCertificates");
  }

  /** Settings with the default timeouts and the JVM's default CAs. */
  public static StorageSettings of(
      URI endpoint, String region, String accessKey, String secretKey) {
    return new StorageSettings(
        endpoint,
        region,
        accessKey,
        secretKey,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT,
        DEFAULT_CALL_TIMEOUT,
        Optional.empty());
  }

  /**
   * Settings from {@code SLUICE_S3_*} environment variables, for programs that run without Quarkus
   * (the step stagers): endpoint, access and secret key are required; the region defaults to
   * {@value #DEFAULT_REGION}; {@code SLUICE_S3_TRUST_CERTIFICATES} is optional.
   *
   * @throws IllegalArgumentException naming the first missing variable
   */
  public static StorageSettings fromEnvironment(Map<String, String> env) {
    StorageSettings settings =
        of(
            URI.create(required(env, ENDPOINT_ENV)),
            env.getOrDefault(REGION_ENV, DEFAULT_REGION),
            required(env, ACCESS_KEY_ENV),
            required(env, SECRET_KEY_ENV));
    String bundle = env.get(TRUST_CERTIFICATES_ENV);
    return bundle == null || bundle.isBlank() ? settings : settings.trusting(Path.of(bundle));
  }

  /** The same settings with other timeouts. */
  public StorageSettings withTimeouts(Duration connect, Duration socket, Duration call) {
    return new StorageSettings(
        endpoint, region, accessKey, secretKey, connect, socket, call, trustCertificates);
  }

  /** The same settings trusting only the CA certificates of a PEM bundle. */
  public StorageSettings trusting(Path pemBundle) {
    return new StorageSettings(
        endpoint,
        region,
        accessKey,
        secretKey,
        connectTimeout,
        socketTimeout,
        callTimeout,
        Optional.of(pemBundle));
  }

  /** Leaves the secret key out, so that settings can be logged. */
  @Override
  public String toString() {
    return "StorageSettings[endpoint="
        + endpoint
        + ", region="
        + region
        + ", accessKey="
        + accessKey
        + ", trustCertificates="
        + trustCertificates.map(Path::toString).orElse("(JVM default)")
        + "]";
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the environment variable " + name + " is required");
    }
    return value;
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + duration);
    }
  }
}
