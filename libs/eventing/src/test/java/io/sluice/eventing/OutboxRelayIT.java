package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.header;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.events.CloudEventHeaders;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import io.sluice.events.Topics;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox against real Postgres and a real Kafka broker. */
class OutboxRelayIT {

  private static final String SERVICE = "outbox-test";
  private EventingFixture db;
  private String runPrefix;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
    runPrefix = "run-" + UUID.randomUUID() + "-";
  }

  @Test
  void committedEventsArePublishedAsBinaryCloudEventsInPerKeyOrder() throws Exception {
    try (Eventing eventing = db.eventing(SERVICE)) {
      eventing.startRelay();
      for (int i = 0; i < 30; i++) {
        String runId = runPrefix + (i % 3);
        EventEnvelope<RunCancelled> event = cancelled(SERVICE, runId, "reason " + i);
        eventing.transactor().run(connection -> eventing.outbox().append(connection, event));
      }

      List<ConsumerRecord<byte[], byte[]>> records =
          await().until(() -> readAll(Topics.RUNS, this::ours), r -> r.size() == 30);

      ConsumerRecord<byte[], byte[]> first = records.get(0);
      assertThat(header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
      assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo("io.sluice.run.cancelled.v1");
      assertThat(header(first, CloudEventHeaders.SOURCE)).isEqualTo("/sluice/" + SERVICE);
      assertThat(header(first, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
      assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(key(first));
      assertThat(new String(first.value(), StandardCharsets.UTF_8)).contains("\"reason\"");
      for (int k = 0; k < 3; k++) {
        String runId = runPrefix + k;
        List<Integer> order =
            records.stream().filter(r -> key(r).equals(runId)).map(r -> reasonNumber(r)).toList();
        assertThat(order).isSorted().hasSize(10);
      }
      await().until(() -> db.count("SELECT count(*) FROM sluice_outbox") == 0);
    }
  }

  @Test
  void rolledBackTransactionPublishesNothing() throws Exception {
    try (Eventing eventing = db.eventing(SERVICE)) {
      eventing.startRelay();
      String runId = runPrefix + "rolled-back";
      assertThatThrownBy(
              () ->
                  eventing
                      .transactor()
                      .run(
                          connection -> {
                            eventing.outbox().append(connection, cancelled(SERVICE, runId, "x"));
                            throw new IllegalStateException("business rule broken");
                          }))
          .hasMessageContaining("business rule broken");
      String marker = runPrefix + "marker";
      eventing
          .transactor()
          .run(c -> eventing.outbox().append(c, cancelled(SERVICE, marker, "after")));

      await().until(() -> readAll(Topics.RUNS, this::ours), r -> r.size() == 1);
      assertThat(readAll(Topics.RUNS, runId::equals)).isEmpty();
    }
  }

  @Test
  void eventCommittedByAProcessKilledBeforeItsPublishIsPublishedAfterRestart() throws Exception {
    String runId = runPrefix + "killed";
    Process child =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                CommitThenHalt.class.getName(),
                db.jdbcUrl,
                db.username,
                db.password,
                SERVICE,
                runId)
            .inheritIO()
            .start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child ends within 2 minutes").isTrue();
    assertThat(child.exitValue()).as("the child halts itself right after commit").isEqualTo(137);
    assertThat(db.count("SELECT count(*) FROM sluice_outbox")).isEqualTo(1);
    assertThat(readAll(Topics.RUNS, runId::equals)).isEmpty();

    try (Eventing restarted = db.eventing(SERVICE)) {
      restarted.startRelay();
      await().until(() -> readAll(Topics.RUNS, runId::equals), r -> r.size() == 1);
    }
  }

  @Test
  void relayKilledAfterItsSendAndBeforeItsDeleteRepublishesAndTheEventIsAppliedOnce()
      throws Exception {
    String runId = runPrefix + "killed-after-send";
    Transactor transactor = new Transactor(db.dataSource);
    transactor.run(c -> new Outbox().append(c, cancelled(SERVICE, runId, "1")));
    Process child =
        new ProcessBuilder(
                javaBinary(),
                "-cp",
                System.getProperty("java.class.path"),
                RelayUntilKilled.class.getName(),
                db.jdbcUrl,
                db.username,
                db.password,
                SERVICE,
                EventingFixture.bootstrapServers())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      assertThat(lineOf(child, RelayUntilKilled.SENT, Duration.ofSeconds(60)))
          .as("the child's relay got Kafka's acknowledgement")
          .isTrue();
      assertThat(readAll(Topics.RUNS, runId::equals)).hasSize(1);
      assertThat(db.count("SELECT count(*) FROM sluice_outbox")).as("not deleted yet").isEqualTo(1);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no delete
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child is gone").isTrue();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (Eventing restarted = db.eventing(SERVICE, meters, 20, 10)) {
      restarted.startRelay();
      await().until(() -> readAll(Topics.RUNS, runId::equals), r -> r.size() == 2);
      restarted.subscribe(applyingOnly(runId));
      await()
          .until(
              () ->
                  meters.counter("sluice.events.duplicates", "consumer", "test.once").count() == 1);
      assertThat(db.count("SELECT count(*) FROM applied_things WHERE run_id = '" + runId + "'"))
          .as("the republished copy changed nothing")
          .isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM sluice_outbox")).isZero();
    }
  }

  @Test
  void onlyOneReplicaPublishesAndAnotherTakesOverWhenItStops() throws Exception {
    OutboxRelay first = newRelay();
    OutboxRelay second = newRelay();
    try (second) {
      first.start();
      await().until(first::isLeader);
      second.start();
      String runId = runPrefix + "failover";
      Outbox outbox = new Outbox();
      Transactor transactor = new Transactor(db.dataSource);
      transactor.run(c -> outbox.append(c, cancelled(SERVICE, runId, "1")));
      await().until(() -> readAll(Topics.RUNS, runId::equals).size() == 1);
      assertThat(second.isLeader()).isFalse();

      first.close();
      await().atMost(Duration.ofSeconds(20)).until(second::isLeader);
      transactor.run(c -> outbox.append(c, cancelled(SERVICE, runId, "2")));
      List<ConsumerRecord<byte[], byte[]>> records =
          await().until(() -> readAll(Topics.RUNS, runId::equals), r -> r.size() == 2);
      assertThat(records).extracting(OutboxRelayIT::reasonNumber).containsExactly(1, 2);
    }
  }

  /** Applies the events of one run only (the runs topic holds every test's events). */
  private static Subscription applyingOnly(String runId) {
    return Subscription.builder("test.once")
        .topics(Topics.RUNS)
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) -> {
              if (event.data().runId().equals(runId)) {
                EventingFixture.recordApplied(context.connection(), runId, event.id());
              }
            })
        .build();
  }

  /** Whether the child prints {@code expected} on a line of its own (its logs go there too). */
  private static boolean lineOf(Process child, String expected, Duration timeout) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.equals(expected)) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  private OutboxRelay newRelay() {
    return new OutboxRelay(
        db.relaySettings(SERVICE),
        new OutboxPublisher(
            new KafkaProducer<>(
                KafkaClientConfig.producer(EventingFixture.bootstrapServers(), "relay-test"))),
        new SimpleMeterRegistry());
  }

  private boolean ours(String key) {
    return key != null && key.startsWith(runPrefix);
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  private static int reasonNumber(ConsumerRecord<byte[], byte[]> record) {
    String json = new String(record.value(), StandardCharsets.UTF_8);
    String reason = json.replaceAll(".*\"reason\"\\s*:\\s*\"(?:reason )?([0-9]+)\".*", "$1");
    return Integer.parseInt(reason);
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  /**
   * A service process whose real relay publishes the outbox, says so on stdout once Kafka has
   * acknowledged, and waits there, before its delete, for the parent to kill it.
   */
  public static final class RelayUntilKilled {
    static final String SENT = "sent";

    public static void main(String[] args) throws Exception {
      RelaySettings settings =
          new RelaySettings(
              args[0],
              args[1],
              args[2],
              null,
              RelaySettings.lockKeyFor(args[3]),
              100,
              Duration.ofSeconds(1),
              Duration.ofMillis(200),
              Duration.ofDays(7));
      OutboxRelay relay =
          new OutboxRelay(
              settings,
              new OutboxPublisher(
                  new KafkaProducer<>(KafkaClientConfig.producer(args[4], "relay-child"))),
              new SimpleMeterRegistry());
      relay.afterSendBeforeDelete(
          () -> {
            System.out.println(SENT);
            System.out.flush();
            sleepUntilKilled();
          });
      relay.start();
      sleepUntilKilled();
    }

    private static void sleepUntilKilled() {
      try {
        Thread.sleep(Duration.ofMinutes(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(3); // never killed: the parent test fails on the exit value
    }
  }

  /** A service process that commits an outbox row and dies before any relay could send it. */
  public static final class CommitThenHalt {
    public static void main(String[] args) throws Exception {
      var dataSource = EventingFixture.dataSource(args[0], args[1], args[2]);
      Outbox outbox = new Outbox();
      new Transactor(dataSource).run(c -> outbox.append(c, cancelled(args[3], args[4], "1")));
      Runtime.getRuntime().halt(137);
    }
  }
}
