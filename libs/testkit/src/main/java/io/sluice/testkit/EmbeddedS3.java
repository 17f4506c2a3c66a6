package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 endpoint (S3Proxy on a filesystem store) running inside this JVM that, like MinIO with
 * a Kafka notification target, publishes a bucket notification to Kafka for every object created
 * ({@code s3:ObjectCreated:Put}, {@code :Copy}, {@code :CompleteMultipartUpload}) and, if asked,
 * removed ({@code s3:ObjectRemoved:Delete}). The notification is on Kafka (acks=all) before the S3
 * request returns.
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.builder().notifyKafka(kafka.bootstrapServers()).start()) {
 *   s3.createBucket("datasets");
 *   // S3 client: endpoint s3.endpoint(), path-style, region s3.region(),
 *   // credentials s3.accessKey() / s3.secretKey()
 * }
 * }</pre>
 *
 * <p>Clients must use path-style addressing. Without a data directory the store lives in a
 * temporary folder that {@link #close()} deletes; with one, objects survive restarts.
 */
public final class EmbeddedS3 implements AutoCloseable {

  public static final String DEFAULT_ACCESS_KEY = "sluice-admin";
  public static final String DEFAULT_SECRET_KEY = "sluice-secret-key";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_TOPIC = "minio.bucket.events";

  private final Settings settings;
  private final Path temporaryDirectory;
  private final BlobStore store;
  private final BucketNotifier notifier;
  private final S3Proxy server;

  /** What the builder said, fixed at start. */
  private record Settings(
      String host,
      int port,
      Path dataDirectory,
      String accessKey,
      String secretKey,
      String region,
      boolean publishDeletes) {}

  private EmbeddedS3(Settings settings) {
    this.settings = settings;
    this.temporaryDirectory = settings.dataDirectory() == null ? createTemporaryDirectory() : null;
    Path root = temporaryDirectory != null ? temporaryDirectory : settings.dataDirectory();
    this.store = new FilesystemNio2BlobStore(createDirectories(root).toString());
    MinioNotificationFormat format =
        new MinioNotificationFormat(
            settings.accessKey(), () -> endpoint().toString(), UUID.randomUUID().toString());
    this.notifier =
        new BucketNotifier(format, new EventClock(Clock.systemUTC()), settings.publishDeletes());
    this.server =
        S3Proxy.builder()
            .blobStore(new NotifyingBlobStore(store, notifier))
            .endpoint(URI.create("http://" + settings.host() + ":" + settings.port()))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, settings.accessKey(), settings.secretKey())
            // In-flight requests of a stopping store are not worth waiting for.
            .stopTimeout(0)
            .build();
  }

  private void startServing() {
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "Could not start S3Proxy on " + settings.host() + ":" + settings.port(), e);
    }
  }

  /** Starts a store in a temporary folder on a free port, publishing no notifications yet. */
  public static EmbeddedS3 start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}; use path-style requests. */
  public URI endpoint() {
    return URI.create("http://" + settings.host() + ":" + port());
  }

  public int port() {
    return server.getPort();
  }

  public String accessKey() {
    return settings.accessKey();
  }

  public String secretKey() {
    return settings.secretKey();
  }

  /** The region clients should sign with; the store itself accepts any. */
  public String region() {
    return settings.region();
  }

  /** Creates the bucket unless it exists. */
  public void createBucket(String name) {
    if (!store.containerExists(name)) {
      store.createContainer(name);
    }
  }

  /** Publishes later notifications to {@value #DEFAULT_TOPIC} on this Kafka cluster. */
  public void publishNotificationsTo(String bootstrapServers) {
    publishNotificationsTo(bootstrapServers, DEFAULT_TOPIC);
  }

  /** Publishes later notifications to this topic of this Kafka cluster instead of any earlier. */
  public void publishNotificationsTo(String bootstrapServers, String topic) {
    notifier.publishTo(new KafkaNotificationPublisher(bootstrapServers, topic));
  }

  /** Publishes no more notifications (objects are still stored). */
  public void stopPublishingNotifications() {
    notifier.publishTo(null);
  }

  /** Stops serving; deletes the store's folder unless it was given as a data directory. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Could not stop S3Proxy", e);
    } finally {
      notifier.close();
      store.close();
      if (temporaryDirectory != null) {
        FileTrees.deleteRecursively(temporaryDirectory);
      }
    }
  }

  /** Settings of an {@link EmbeddedS3}; every one has a default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Path dataDirectory;
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;
    private String region = DEFAULT_REGION;
    private String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private boolean publishDeletes;

    private Builder() {}

    /** The address to listen on; default {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port to listen on; default 0, a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Keeps buckets and objects in this folder across restarts; default a temporary folder. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory.toAbsolutePath();
      return this;
    }

    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey);
      this.secretKey = Objects.requireNonNull(secretKey);
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** Publishes notifications to {@value #DEFAULT_TOPIC} on this Kafka cluster. */
    public Builder notifyKafka(String bootstrapServers) {
      return notifyKafka(bootstrapServers, DEFAULT_TOPIC);
    }

    /** Publishes notifications to this topic on this Kafka cluster (which must have it). */
    public Builder notifyKafka(String bootstrapServers, String topic) {
      this.bootstrapServers = Objects.requireNonNull(bootstrapServers);
      this.topic = Objects.requireNonNull(topic);
      return this;
    }

    /** Also publishes {@code s3:ObjectRemoved:Delete}, as MinIO's {@code --event put,delete}. */
    public Builder publishDeletes(boolean publishDeletes) {
      this.publishDeletes = publishDeletes;
      return this;
    }

    /**
     * Starts listening; returns once requests are served.
     *
     * @throws IllegalStateException if the notification topic does not exist
     */
    public EmbeddedS3 start() {
      // Checked first, so that a wrong topic fails the start rather than every later event.
      KafkaNotificationPublisher target =
          bootstrapServers == null ? null : new KafkaNotificationPublisher(bootstrapServers, topic);
      EmbeddedS3 s3 =
          new EmbeddedS3(
              new Settings(
                  host, port, dataDirectory, accessKey, secretKey, region, publishDeletes));
      s3.notifier.publishTo(target);
      s3.startServing();
      return s3;
    }
  }

  private static Path createTemporaryDirectory() {
    try {
      return Files.createTempDirectory("sluice-s3-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createDirectories(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
