package io.sluice.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The platform's infrastructure for one test JVM: Kafka, S3 (publishing MinIO notifications to
 * {@value PlatformTopics#BUCKET_EVENTS}) and PostgreSQL, started once on first use, with the
 * platform's topics and buckets created, and stopped when the JVM exits.
 *
 * <pre>{@code
 * SluiceInfra infra = SluiceInfra.get();
 * infra.kafka().bootstrapServers();
 * infra.s3().endpoint();
 * infra.postgres().jdbcUrl();
 * }</pre>
 *
 * <p>Tests share it, so they should use their own keys, object names and consumer groups rather
 * than expect empty topics. For Quarkus tests use {@link SluiceInfraResource}.
 */
public final class SluiceInfra {

  private static SluiceInfra instance;

  private final EmbeddedKafka kafka;
  private final EmbeddedS3 s3;
  private final TestPostgres postgres;

  private SluiceInfra(EmbeddedKafka kafka, EmbeddedS3 s3, TestPostgres postgres) {
    this.kafka = kafka;
    this.s3 = s3;
    this.postgres = postgres;
  }

  /** The shared infrastructure, started by the first caller. */
  public static synchronized SluiceInfra get() {
    if (instance == null) {
      long started = System.nanoTime();
      instance = startAll();
      System.getLogger(SluiceInfra.class.getName())
          .log(
              System.Logger.Level.INFO,
              "Kafka {0}, S3 {1} and PostgreSQL {2} ready in {3} ms",
              instance.kafka.bootstrapServers(),
              instance.s3.endpoint(),
              instance.postgres.jdbcUrl(),
              (System.nanoTime() - started) / 1_000_000);
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "sluice-infra-stop"));
    }
    return instance;
  }

  private static SluiceInfra startAll() {
    // PostgreSQL is a separate process: start it while this thread starts Kafka and S3.
    CompletableFuture<TestPostgres> postgres = CompletableFuture.supplyAsync(TestPostgres::start);
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      EmbeddedKafka kafka = EmbeddedKafka.start();
      started.push(kafka);
      kafka.createTopics(PlatformTopics.all().toArray(String[]::new));
      EmbeddedS3 s3 = EmbeddedS3.builder().notifyKafka(kafka.bootstrapServers()).start();
      started.push(s3);
      PlatformTopics.buckets().forEach(s3::createBucket);
      return new SluiceInfra(kafka, s3, postgres.join());
    } catch (RuntimeException e) {
      started.forEach(SluiceInfra::closeQuietly);
      stopWhenStarted(postgres);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause
          ? cause
          : e;
    }
  }

  /** Waits for PostgreSQL, which would otherwise outlive this JVM as a separate process. */
  private static void stopWhenStarted(CompletableFuture<TestPostgres> postgres) {
    try {
      closeQuietly(postgres.join());
    } catch (CompletionException e) {
      // It did not start either: nothing to stop.
    }
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      // Already failing to start: report the start-up failure, note this one.
      System.getLogger(SluiceInfra.class.getName())
          .log(System.Logger.Level.WARNING, "Could not stop " + server, e);
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedS3 s3() {
    return s3;
  }

  public TestPostgres postgres() {
    return postgres;
  }

  private void stop() {
    s3.close();
    kafka.close();
    postgres.close();
  }
}
