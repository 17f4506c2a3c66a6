package io.sluice.testkit.local;

import io.sluice.testkit.EmbeddedS3;
import java.util.Set;

/**
 * Local mode's S3 store as its own process: S3Proxy on a persistent folder that publishes MinIO
 * bucket notifications to Kafka.
 *
 * <pre>
 * java -cp "libs/testkit/target/sluice-testkit-0.1.0-SNAPSHOT.jar:libs/testkit/target/lib/*" \
 *   io.sluice.testkit.local.LocalS3Main --port 9000 --data-dir .sluice/s3 \
 *   --access-key sluice-admin --secret-key sluice-secret-key \
 *   --kafka localhost:9092 --topic minio.bucket.events
 * </pre>
 *
 * <p>Prints {@code READY s3 http://localhost:9000} once it serves and runs until SIGTERM. Without
 * {@code --kafka} it publishes nothing; {@code --events put,delete} also publishes deletions. The
 * topic must exist (brokers here do not create topics).
 */
public final class LocalS3Main {

  private static final String USAGE =
      "LocalS3Main --data-dir <dir> [--port 9000] [--host 127.0.0.1]"
          + " [--access-key <key>] [--secret-key <key>] [--region us-east-1]"
          + " [--kafka <bootstrap servers>] [--topic minio.bucket.events]"
          + " [--events put|put,delete]";

  private static final Set<String> FLAGS =
      Set.of(
          "port",
          "host",
          "data-dir",
          "access-key",
          "secret-key",
          "region",
          "kafka",
          "topic",
          "events");

  private LocalS3Main() {}

  public static void main(String[] args) {
    LocalProcess.quietLogging();
    EmbeddedS3.Builder builder =
        LocalProcess.parseOrExit(() -> configure(Flags.parse(args, FLAGS)), USAGE);
    EmbeddedS3 s3 = LocalProcess.startOrExit("s3", builder::start);
    String host = s3.endpoint().getHost();
    String shownHost = host.equals("127.0.0.1") ? "localhost" : host;
    LocalProcess.serveUntilTerminated("s3", "http://" + shownHost + ":" + s3.port(), s3);
  }

  static EmbeddedS3.Builder configure(Flags flags) {
    EmbeddedS3.Builder builder =
        EmbeddedS3.builder()
            .dataDirectory(flags.requiredPath("data-dir"))
            .host(flags.get("host", "127.0.0.1"))
            .port(flags.port("port", 9000))
            .credentials(
                flags.get("access-key", EmbeddedS3.DEFAULT_ACCESS_KEY),
                flags.get("secret-key", EmbeddedS3.DEFAULT_SECRET_KEY))
            .region(flags.get("region", EmbeddedS3.DEFAULT_REGION))
            .publishDeletes(publishesDeletes(flags.get("events", "put")));
    String kafka = flags.optional("kafka");
    if (kafka != null) {
      builder.notifyKafka(kafka, flags.get("topic", EmbeddedS3.DEFAULT_TOPIC));
    }
    return builder;
  }

  private static boolean publishesDeletes(String events) {
    Set<String> names = Set.of(events.split(","));
    if (!Set.of("put", "delete").containsAll(names) || !names.contains("put")) {
      throw new IllegalArgumentException("--events must be put or put,delete, not " + events);
    }
    return names.contains("delete");
  }
}
