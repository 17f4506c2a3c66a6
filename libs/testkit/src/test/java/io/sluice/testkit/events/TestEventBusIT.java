package io.sluice.testkit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.Topics;
import io.sluice.testkit.EmbeddedKafka;
import io.sluice.testkit.events.TestEventBus.DeadLetter;
import io.sluice.testkit.events.TestEventBus.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestEventBusIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DEAD_LETTERS = Topics.deadLetter("trainer-launcher");

  private static EmbeddedKafka kafka;
  private static TestEventBus bus;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.RUNS, DEAD_LETTERS);
    bus =
        new TestEventBus(kafka.bootstrapServers(), List.of(Topics.RUNS), Optional.of(DEAD_LETTERS));
  }

  @AfterAll
  static void stop() {
    bus.close();
    kafka.close();
  }

  private static String newRun() {
    return "run-" + UUID.randomUUID();
  }

  private static EventEnvelope<StepCancelRequested> cancelStep(String run, String correlation) {
    return EventEnvelope.first(
        "orchestrator", run, correlation, new StepCancelRequested(run, "train", 1, 0, "test"));
  }

  private static EventEnvelope<RunCancelled> cancelRun(String run) {
    return EventEnvelope.first(
        "orchestrator", run, null, new RunCancelled(run, "iris", "1", "iris", "v1", "test"));
  }

  @Test
  void sentEventComesBackDecodedUnderItsSubjectAndType() {
    String run = newRun();
    EventEnvelope<StepCancelRequested> sent = cancelStep(run, null);

    bus.send(sent);

    await().atMost(WAIT).until(() -> !bus.envelopes(run, StepCancelRequested.class).isEmpty());
    assertThat(bus.envelopes(run, StepCancelRequested.class))
        .singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo(sent.id()))
        .satisfies(e -> assertThat(e.correlationId()).isEqualTo(sent.correlationId()));
    assertThat(bus.events(run, StepCancelRequested.class)).containsExactly(sent.data());
  }

  @Test
  void queriesLeaveOutOtherSubjectsAndOtherTypes() {
    String run = newRun();
    String otherRun = newRun();
    bus.send(cancelStep(otherRun, null));
    bus.send(cancelRun(run));
    bus.send(cancelStep(run, null));

    await().atMost(WAIT).until(() -> !bus.events(run, StepCancelRequested.class).isEmpty());
    assertThat(bus.events(run, RunCancelled.class)).singleElement();
    assertThat(bus.events(run, StepCancelRequested.class))
        .singleElement()
        .satisfies(step -> assertThat(step.runId()).isEqualTo(run));
    assertThat(bus.envelopes(run, EventData.class))
        .extracting(EventEnvelope::type)
        .containsExactly(EventType.RUN_CANCELLED, EventType.STEP_CANCEL_REQUESTED);
  }

  @Test
  void chainSelectsEventsByCorrelationIdAcrossSubjects() {
    String chain = "chain-" + UUID.randomUUID();
    String first = newRun();
    String second = newRun();
    bus.send(cancelStep(first, chain));
    bus.send(cancelStep(newRun(), null));
    bus.send(cancelStep(second, chain));

    await().atMost(WAIT).until(() -> bus.chain(chain, StepCancelRequested.class).size() == 2);
    assertThat(bus.chain(chain, StepCancelRequested.class))
        .extracting(EventEnvelope::subject)
        .containsExactly(first, second);
  }

  @Test
  void receivedEventsCarryTheirArrivalTimeInOrder() {
    String run = newRun();
    long before = System.nanoTime();
    bus.send(cancelRun(run));
    bus.send(cancelStep(run, null));

    await().atMost(WAIT).until(() -> bus.envelopes(run, EventData.class).size() == 2);
    List<Received<EventData>> received =
        bus.received(EventData.class, e -> e.subject().equals(run));
    assertThat(received)
        .extracting(Received::receivedAtNanos)
        .allSatisfy(at -> assertThat(at).isGreaterThanOrEqualTo(before))
        .isSorted();
  }

  @Test
  void undecodableRecordOnAFollowedTopicIsSkipped() {
    String run = newRun();
    EventEnvelope<StepCancelRequested> valid = cancelStep(run, null);
    bus.send(Topics.RUNS, run, EventCodec.headers(valid), bytes("{\"runId\": 42"));
    bus.send(Topics.RUNS, run, Map.of(), bytes("no headers at all"));
    bus.send(valid);

    await().atMost(WAIT).until(() -> !bus.envelopes(run, EventData.class).isEmpty());
    assertThat(bus.envelopes(run, EventData.class))
        .singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo(valid.id()));
  }

  @Test
  void deadLettersAreKeptByKeyWithTheirErrorText() {
    String run = newRun();
    bus.send(DEAD_LETTERS, run, Map.of("sluice_dlq_error", "argv is missing"), bytes("{}"));
    bus.send(DEAD_LETTERS, newRun(), Map.of("sluice_dlq_error", "another"), bytes("{}"));
    bus.send(DEAD_LETTERS, run, Map.of(), bytes("{}"));

    await().atMost(WAIT).until(() -> bus.deadLetters(run).size() == 2);
    assertThat(bus.deadLetters(run))
        .containsExactly(new DeadLetter(run, "argv is missing"), new DeadLetter(run, ""));
    assertThat(bus.envelopes(run, EventData.class)).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
