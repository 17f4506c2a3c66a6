package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.header;
import static io.sluice.eventing.EventingFixture.produce;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.eventing.quarkus.EventingLivenessCheck;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer stuck on one record shows it and has a way out; a consumer whose poll loop fails comes
 * back with a new client, or, failing that, takes liveness down.
 */
class ConsumerFaultsIT {

  private static final String POISON = "run-poison";
  private EventingFixture db;
  private String topic;
  private String service;
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void freshTopicAndDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = "test.faults." + suffix;
    service = "faults-" + suffix;
    EventingFixture.createTopics(topic, EventingFixture.dlqTopic(service));
  }

  @Test
  void recordFailingWhileTheDatabaseAnswersIsDeadLetteredAfterTheConfiguredAttempts()
      throws Exception {
    send(cancelled("upstream", POISON, "bug"));
    send(cancelled("upstream", "run-after", "fine"));

    try (Eventing eventing = db.eventing(service, meters, 3, 10)) {
      eventing.subscribe(failingOn(POISON));
      await().until(() -> db.count(countOf("run-after")) == 1);
    }
    assertThat(readAll(EventingFixture.dlqTopic(service), POISON::equals))
        .singleElement()
        .satisfies(
            dead ->
                assertThat(header(dead, DeadLetters.ERROR))
                    .contains("failed 3 times while the database was reachable")
                    .contains("handler bug"));
    assertThat(db.count(countOf(POISON))).isZero();
  }

  @Test
  void partitionStuckOnOneRecordShowsInMetricsWithTheLagBehindIt() throws Exception {
    send(cancelled("upstream", POISON, "bug"));
    send(cancelled("upstream", "run-behind-1", "waits"));
    send(cancelled("upstream", "run-behind-2", "waits"));

    try (Eventing eventing = db.eventing(service, meters, 0, 10)) {
      eventing.subscribe(failingOn(POISON));
      await().until(() -> gauge("sluice.consumer.stuck.attempts") >= 3);
      assertThat(gauge("sluice.consumer.paused.partitions")).isEqualTo(1);
      assertThat(gauge("sluice.consumer.stuck.age")).isPositive();
      await().until(() -> gauge("sluice.consumer.lag") == 3);
    }
    assertThat(readAll(EventingFixture.dlqTopic(service), key -> true)).isEmpty();
  }

  @Test
  void consumerWhosePollFailsStartsAgainWithANewClient() throws Exception {
    send(cancelled("upstream", "run-after-restart", "x"));
    AtomicInteger clients = new AtomicInteger();

    try (Eventing eventing = db.eventing(service, meters, 3, 10)) {
      EventConsumer consumer =
          eventing.subscribe(
              recording(),
              () -> clients.getAndIncrement() == 0 ? failingClient() : realClient("test.faults"));
      await().until(() -> db.count(countOf("run-after-restart")) == 1);
      assertThat(consumer.isAlive()).isTrue();
      assertThat(meters.counter("sluice.consumer.restarts", "consumer", "test.faults").count())
          .isEqualTo(1);
      assertThat(new EventingLivenessCheck(eventing).call().getStatus())
          .isEqualTo(HealthCheckResponse.Status.UP);
    }
  }

  @Test
  void consumerThatKeepsFailingGivesUpAndLivenessGoesDown() throws Exception {
    try (Eventing eventing = db.eventing(service, meters, 3, 3)) {
      EventingLivenessCheck liveness = new EventingLivenessCheck(eventing);
      EventConsumer consumer = eventing.subscribe(recording(), ConsumerFaultsIT::failingClient);
      await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.isAlive());
      HealthCheckResponse response = liveness.call();
      assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(response.getData().orElseThrow()).containsEntry("consumer.test.faults", "dead");
    }
  }

  @Test
  void handlerLogsCarryTheEventsRunAndTraceIds() throws Exception {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    EventEnvelope<RunCancelled> plain = cancelled("upstream", "run-logged", "x");
    EventEnvelope<RunCancelled> traced =
        new EventEnvelope<>(
            plain.id(),
            plain.source(),
            plain.time(),
            plain.subject(),
            plain.correlationId(),
            null,
            "00-" + trace + "-00f067aa0ba902b7-01",
            plain.data());
    send(traced);
    Map<String, Object> seen = new ConcurrentHashMap<>();
    Subscription capturing =
        Subscription.builder("test.mdc")
            .topics(topic)
            .on(
                EventType.RUN_CANCELLED,
                RunCancelled.class,
                (event, context) -> {
                  for (String key : new String[] {"event", "subject", "trace", "run"}) {
                    Object value = MDC.get(key);
                    seen.put(key, value == null ? "(none)" : value);
                  }
                })
            .build();

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(capturing);
      await().until(() -> seen.size() == 4);
    }
    assertThat(seen)
        .containsEntry("event", traced.id())
        .containsEntry("subject", "run-logged")
        .containsEntry("trace", trace)
        .containsEntry("run", "run-logged");
  }

  private double gauge(String name) {
    return meters.get(name).tag("consumer", "test.faults").gauge().value();
  }

  private static Consumer<byte[], byte[]> failingClient() {
    MockConsumer<byte[], byte[]> client = new MockConsumer<>("earliest");
    client.setPollException(new KafkaException("injected: the client broke in poll"));
    return client;
  }

  private static Consumer<byte[], byte[]> realClient(String group) {
    return new KafkaConsumer<>(
        KafkaClientConfig.consumer(
            EventingFixture.bootstrapServers(), group, group + "-client", "earliest"));
  }

  private Subscription failingOn(String runId) {
    return Subscription.builder("test.faults")
        .topics(topic)
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) -> {
              if (event.data().runId().equals(runId)) {
                throw new IllegalStateException("handler bug");
              }
              EventingFixture.recordApplied(context.connection(), event.data().runId(), event.id());
            })
        .build();
  }

  private Subscription recording() {
    return failingOn("(none)");
  }

  private void send(EventEnvelope<?> event) throws Exception {
    produce(topic, event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
  }

  private static String countOf(String runId) {
    return "SELECT count(*) FROM applied_things WHERE run_id = '" + runId + "'";
  }
}
