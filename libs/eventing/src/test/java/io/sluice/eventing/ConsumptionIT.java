package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.header;
import static io.sluice.eventing.EventingFixture.produce;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.FailureReason;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotent consumption and dead-lettering against real Kafka and Postgres. Each test reads its
 * own topic, so poison records of one test never reach another's consumers.
 */
class ConsumptionIT {

  private EventingFixture db;
  private String topic;
  private String service;

  @BeforeEach
  void freshTopicAndDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = "test.events." + suffix;
    service = "svc-" + suffix;
    EventingFixture.createTopics(topic, EventingFixture.dlqTopic(service));
  }

  @Test
  void redeliveredEventChangesNothing() throws Exception {
    EventEnvelope<RunCancelled> event = cancelled("upstream", "run-1", "stop");
    send(event);
    send(event);
    String marker = "run-marker";
    send(cancelled("upstream", marker, "last"));

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(recordingSubscription("test.dedupe"));
      await().until(() -> db.count(countOf(marker)) == 1);
      assertThat(db.count(countOf("run-1"))).isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM sluice_applied_events")).isEqualTo(2);
    }
  }

  @Test
  void poisonRecordsAreDeadLetteredWithTheirOriginWhileTheNextRecordIsApplied() throws Exception {
    Map<String, String> valid = EventCodec.headers(cancelled("upstream", "run-x", "x"));
    produce(topic, "garbage", Map.of("ce_type", "io.sluice.run.cancelled.v1"), bytes("{not json"));
    produce(topic, "no-headers", Map.of(), bytes("{}"));
    produce(topic, "future", withType(valid, "io.sluice.run.cancelled.v9"), bytes("{}"));
    produce(topic, "invalid", valid, bytes("{\"runId\": 42}"));
    EventEnvelope<RunCancelled> good = cancelled("upstream", "run-good", "fine");
    send(good);

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(recordingSubscription("test.poison"));
      await().until(() -> db.count(countOf("run-good")) == 1);
    }

    List<ConsumerRecord<byte[], byte[]>> dead =
        readAll(EventingFixture.dlqTopic(service), key -> true);
    assertThat(dead)
        .extracting(r -> string(r.key()))
        .containsExactly("garbage", "no-headers", "future", "invalid");
    ConsumerRecord<byte[], byte[]> future = dead.get(2);
    assertThat(header(future, DeadLetters.ORIGIN_TOPIC)).isEqualTo(topic);
    assertThat(header(future, DeadLetters.ORIGIN_PARTITION)).isEqualTo("0");
    assertThat(header(future, DeadLetters.ORIGIN_OFFSET)).isEqualTo("2");
    assertThat(header(future, DeadLetters.SERVICE)).isEqualTo(service);
    assertThat(header(future, DeadLetters.ERROR)).contains("io.sluice.run.cancelled.v9");
    assertThat(header(future, "ce_type")).isEqualTo("io.sluice.run.cancelled.v9");
    assertThat(header(dead.get(0), DeadLetters.ERROR)).isNotBlank();
    assertThat(string(dead.get(0).value())).isEqualTo("{not json");
  }

  @Test
  void handlerDeclaringAnEventUnusableDeadLettersItAndRollsBackItsWrites() throws Exception {
    send(cancelled("upstream", "run-contradiction", "x"));
    send(cancelled("upstream", "run-after", "y"));
    Subscription subscription =
        Subscription.builder("test.unusable")
            .topics(topic)
            .on(
                EventType.RUN_CANCELLED,
                RunCancelled.class,
                (event, context) -> {
                  EventingFixture.recordApplied(
                      context.connection(), event.data().runId(), event.id());
                  if (event.data().runId().equals("run-contradiction")) {
                    throw new UnusableEventException("the run contradicts itself");
                  }
                })
            .build();

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(subscription);
      await().until(() -> db.count(countOf("run-after")) == 1);
    }
    assertThat(db.count(countOf("run-contradiction"))).isZero();
    assertThat(readAll(EventingFixture.dlqTopic(service), "run-contradiction"::equals))
        .singleElement()
        .satisfies(r -> assertThat(header(r, DeadLetters.ERROR)).contains("contradicts"));
  }

  @Test
  void afterCommitActionsRunOnlyForCommittedTransactionsAndRollbackActionsOtherwise()
      throws Exception {
    Set<String> committed = ConcurrentHashMap.newKeySet();
    Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    send(cancelled("upstream", "run-refused", "x"));
    send(cancelled("upstream", "run-accepted", "y"));
    Subscription subscription =
        Subscription.builder("test.hooks")
            .topics(topic)
            .on(
                EventType.RUN_CANCELLED,
                RunCancelled.class,
                (event, context) -> {
                  String runId = event.data().runId();
                  context.afterCommit(() -> committed.add(runId));
                  context.afterRollback(() -> rolledBack.add(runId));
                  if (runId.equals("run-refused")) {
                    throw new UnusableEventException("refused");
                  }
                })
            .build();

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(subscription);
      await().until(() -> committed.contains("run-accepted"));
    }
    assertThat(committed).containsExactly("run-accepted");
    assertThat(rolledBack).containsExactly("run-refused");
  }

  @Test
  void queuedRecordsShareTransactionsAndKeepTheirOrder() throws Exception {
    int burst = 40;
    for (int i = 0; i < burst; i++) {
      send(cancelled("upstream", "run-burst-" + i, "queued"));
    }

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(recordingSubscription("test.burst"));
      await().until(() -> db.count("SELECT count(*) FROM applied_things") == burst);
    }
    // Each row records its top-level transaction id: fewer ids than rows means batching.
    assertThat(db.count("SELECT count(DISTINCT tx) FROM applied_things")).isLessThan(burst);
    assertThat(db.strings("SELECT run_id FROM applied_things ORDER BY seq"))
        .containsExactlyElementsOf(
            IntStream.range(0, burst).mapToObj(i -> "run-burst-" + i).toList());
  }

  @Test
  void transientFailureInsideABatchRetriesTheWholeBatchAndAppliesEachEventOnce() throws Exception {
    for (int i = 0; i < 5; i++) {
      send(cancelled("upstream", "run-" + i, "queued"));
    }
    Map<String, Integer> commits = new ConcurrentHashMap<>();
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    Subscription subscription =
        Subscription.builder("test.transient-batch")
            .topics(topic)
            .on(
                EventType.RUN_CANCELLED,
                RunCancelled.class,
                (event, context) -> {
                  String runId = event.data().runId();
                  EventingFixture.recordApplied(context.connection(), runId, event.id());
                  context.afterCommit(() -> commits.merge(runId, 1, Integer::sum));
                  if (runId.equals("run-3") && failedOnce.add(runId)) {
                    throw new IllegalStateException("store briefly unreachable");
                  }
                })
            .build();

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(subscription);
      await().until(() -> commits.size() == 5);
    }
    assertThat(commits).allSatisfy((runId, count) -> assertThat(count).isEqualTo(1));
    for (int i = 0; i < 5; i++) {
      assertThat(db.count(countOf("run-" + i))).isEqualTo(1);
    }
    assertThat(readAll(EventingFixture.dlqTopic(service), key -> true)).isEmpty();
  }

  @Test
  void eventTypesTheConsumerDoesNotHandleAreIgnoredNotDeadLettered() throws Exception {
    send(
        EventEnvelope.first(
            "upstream",
            "run-other",
            null,
            new RunFailed(
                "run-other", "iris", "p", "iris", "d", "train", FailureReason.NONZERO_EXIT, "m")));
    send(cancelled("upstream", "run-handled", "z"));

    try (Eventing eventing = db.eventing(service)) {
      eventing.subscribe(recordingSubscription("test.ignore"));
      await().until(() -> db.count(countOf("run-handled")) == 1);
    }
    assertThat(db.count(countOf("run-other"))).isZero();
    assertThat(readAll(EventingFixture.dlqTopic(service), key -> true)).isEmpty();
  }

  @Test
  void workQueueReplicasApplyEachEventOnceBetweenThem() throws Exception {
    try (Eventing one = db.eventing(service);
        Eventing two = db.eventing(service)) {
      one.subscribe(recordingSubscription("test.queue"));
      two.subscribe(recordingSubscription("test.queue"));
      for (int i = 0; i < 20; i++) {
        send(cancelled("upstream", "run-q" + i, "q"));
      }
      await().until(() -> db.count("SELECT count(*) FROM applied_things") == 20);
      assertThat(db.count("SELECT count(DISTINCT run_id) FROM applied_things")).isEqualTo(20);
    }
  }

  @Test
  void broadcastReachesEveryReplicaButChangesStateOnce() throws Exception {
    Set<String> seenByOne = ConcurrentHashMap.newKeySet();
    Set<String> seenByTwo = ConcurrentHashMap.newKeySet();
    try (Eventing one = db.eventing(service);
        Eventing two = db.eventing(service)) {
      EventConsumer c1 = one.subscribe(broadcast(seenByOne));
      EventConsumer c2 = two.subscribe(broadcast(seenByTwo));
      await().until(() -> c1.hasAssignment() && c2.hasAssignment());
      send(cancelled("upstream", "run-b", "b"));
      await().until(() -> seenByOne.contains("run-b") && seenByTwo.contains("run-b"));
      assertThat(db.count(countOf("run-b"))).isEqualTo(1);
    }
  }

  @Test
  void appliedIdsOlderThanTheRetentionArePruned() throws Exception {
    db.execute(
        "INSERT INTO sluice_applied_events (consumer, event_id, applied_at) VALUES"
            + " ('c', 'old', now() - interval '8 days'), ('c', 'new', now())");
    try (var connection = db.dataSource.getConnection()) {
      assertThat(AppliedEvents.prune(connection, Duration.ofDays(7))).isEqualTo(1);
    }
    assertThat(db.count("SELECT count(*) FROM sluice_applied_events WHERE event_id = 'new'"))
        .isEqualTo(1);
  }

  private Subscription broadcast(Set<String> seen) {
    return Subscription.builder("test.broadcast")
        .topics(topic)
        .broadcast()
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) ->
                EventingFixture.recordApplied(
                    context.connection(), event.data().runId(), event.id()))
        .onEveryReplica(event -> seen.add(event.subject()))
        .build();
  }

  private Subscription recordingSubscription(String name) {
    return Subscription.builder(name)
        .topics(topic)
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) ->
                EventingFixture.recordApplied(
                    context.connection(), event.data().runId(), event.id()))
        .build();
  }

  private void send(EventEnvelope<?> event) throws Exception {
    produce(topic, event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
  }

  private static String countOf(String runId) {
    return "SELECT count(*) FROM applied_things WHERE run_id = '" + runId + "'";
  }

  private static Map<String, String> withType(Map<String, String> headers, String type) {
    Map<String, String> copy = new HashMap<>(headers);
    copy.put("ce_type", type);
    return copy;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
