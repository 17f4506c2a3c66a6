package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.produce;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dead letters can be listed, inspected and replayed, and a replay applies at most once. */
class DeadLetterArchiveIT {

  private EventingFixture db;
  private String topic;
  private String service;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicBoolean fixed = new AtomicBoolean();

  @BeforeEach
  void freshTopicAndDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = "test.replay." + suffix;
    service = "replay-" + suffix;
    EventingFixture.createTopics(topic, EventingFixture.dlqTopic(service));
  }

  @Test
  void deadLetteredEventReplayedTwiceIsAppliedOnce() throws Exception {
    EventEnvelope<RunCancelled> event = cancelled("upstream", "run-replayed", "x");
    produce(topic, event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
    Subscription subscription =
        Subscription.builder("test.replay")
            .topics(topic)
            .on(
                EventType.RUN_CANCELLED,
                RunCancelled.class,
                (e, context) -> apply(context, e.data().runId(), e.id()))
            .build();

    replayTwiceOnceFixed(subscription, "run-replayed");
  }

  @Test
  void deadLetteredRawRecordReplayedTwiceIsAppliedOnce() throws Exception {
    produce(topic, "drop-1", Map.of(), "minio notice".getBytes(StandardCharsets.UTF_8));
    Subscription subscription =
        Subscription.builder("test.replay")
            .topics(topic)
            .raw((record, context) -> apply(context, record.keyAsString(), record.position()))
            .build();

    replayTwiceOnceFixed(subscription, "drop-1");
  }

  @Test
  void deadLettersAreListedInPagesAndShownOneByOne() throws Exception {
    for (String key : List.of("a", "b", "c")) {
      produce(topic, key, Map.of(), ("{broken " + key).getBytes(StandardCharsets.UTF_8));
    }
    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(
          Subscription.builder("test.replay")
              .topics(topic)
              .on(EventType.RUN_CANCELLED, RunCancelled.class, (e, c) -> {})
              .build());
      await().until(() -> readAll(EventingFixture.dlqTopic(service), k -> true).size() == 3);

      DeadLetterArchive archive = eventing.deadLetterArchive();
      List<DeadLetter> first = archive.list(Optional.empty(), -1, -1, 2);
      assertThat(first).extracting(DeadLetter::key).containsExactly("a", "b");
      DeadLetter last = first.get(1);
      assertThat(archive.list(Optional.empty(), last.partition(), last.offset(), 2))
          .extracting(DeadLetter::key)
          .containsExactly("c");

      DeadLetter shown = archive.find(last.partition(), last.offset()).orElseThrow();
      assertThat(shown.valueAsText()).isEqualTo("{broken b");
      assertThat(shown.origin()).isEqualTo(topic + "/0/1");
      assertThat(shown.error()).isNotBlank();
      assertThat(archive.find(last.partition(), 99)).isEmpty();
      assertThat(archive.find(7, 0)).isEmpty();
    }
  }

  /** Runs the subscription, which dead-letters the record until "fixed", then replays it twice. */
  private void replayTwiceOnceFixed(Subscription subscription, String key) throws Exception {
    try (Eventing eventing = db.eventing(service, meters, 20, 10)) {
      eventing.subscribe(subscription);
      await().until(() -> readAll(EventingFixture.dlqTopic(service), key::equals).size() == 1);
      fixed.set(true);

      DeadLetterArchive archive = eventing.deadLetterArchive();
      DeadLetter letter = archive.list(Optional.empty(), -1, -1, 10).get(0);
      archive.replay(letter);
      archive.replay(letter);

      await().until(() -> readAll(topic, key::equals).size() == 3);
      await()
          .until(
              () ->
                  meters.counter("sluice.events.duplicates", "consumer", "test.replay").count()
                      == 1);
      assertThat(db.count("SELECT count(*) FROM applied_things WHERE run_id = '" + key + "'"))
          .isEqualTo(1);
    }
  }

  private void apply(EventContext context, String runId, String id) throws Exception {
    if (!fixed.get()) {
      throw new UnusableEventException("the handler cannot use this yet");
    }
    EventingFixture.recordApplied(context.connection(), runId, id);
  }
}
