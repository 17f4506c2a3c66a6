package io.sluice.eventing;

import static io.sluice.eventing.EventingFixture.cancelled;
import static io.sluice.eventing.EventingFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.events.EventEnvelope;
import io.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbox rows Kafka will never take are refused at the source or set aside, so they cannot block
 * the rows behind them; rows Kafka cannot take yet are retried in order.
 */
class OutboxParkingIT {

  private static final String SERVICE = "parking-test";
  private EventingFixture db;
  private String runPrefix;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
    runPrefix = "run-" + UUID.randomUUID() + "-";
  }

  @Test
  void eventOverKafkasLimitIsRefusedAtAppendAndNothingIsWritten() throws Exception {
    Outbox outbox = new Outbox(KafkaClientConfig.DEFAULT_MAX_REQUEST_BYTES);
    String reason = "x".repeat(KafkaClientConfig.DEFAULT_MAX_REQUEST_BYTES);
    Transactor transactor = new Transactor(db.dataSource);

    assertThatThrownBy(
            () -> transactor.run(c -> outbox.append(c, cancelled(SERVICE, runPrefix, reason))))
        .hasRootCauseInstanceOf(EventTooLargeException.class)
        .hasMessageContaining("bytes an event may take on Kafka");
    assertThat(db.count("SELECT count(*) FROM sluice_outbox")).isZero();
  }

  @Test
  void rowsKafkaRefusesForGoodAreParkedAndTheRowsBehindThemArePublished() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String missingTopic = "test.never-created." + UUID.randomUUID();
    String good = runPrefix + "behind";
    // Written past the size check, as a row from an older version or a bigger limit would be.
    Outbox unchecked = new Outbox(Integer.MAX_VALUE);
    Transactor transactor = new Transactor(db.dataSource);
    transactor.run(
        c -> {
          unchecked.append(c, cancelled(SERVICE, runPrefix + "huge", "x".repeat(2_000_000)));
          unchecked.append(
              c, onTopic(cancelled(SERVICE, runPrefix + "invalid", "1"), "bad topic!"));
          unchecked.append(
              c, onTopic(cancelled(SERVICE, runPrefix + "missing", "1"), missingTopic));
          unchecked.append(c, cancelled(SERVICE, good, "1"));
        });

    try (Eventing eventing = db.eventing(SERVICE, meters, 20, 10)) {
      eventing.startRelay();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> readAll(Topics.RUNS, good::equals), r -> r.size() == 1);
      assertThat(db.count("SELECT count(*) FROM sluice_outbox")).isZero();
      assertThat(db.strings("SELECT error FROM sluice_outbox_parked ORDER BY id"))
          .satisfiesExactly(
              huge -> assertThat(huge).contains("RecordTooLargeException"),
              invalid -> assertThat(invalid).contains("InvalidTopicException"),
              missing -> assertThat(missing).contains(missingTopic));
      assertThat(meters.counter("sluice.outbox.parked").count()).isEqualTo(3);
      await().until(() -> meters.get("sluice.outbox.parked.rows").gauge().value() == 3);
    }
  }

  @Test
  void batchKafkaCannotTakeYetIsSentAgainInOrderAndDeletedOnlyOnceAcknowledged() throws Exception {
    MockProducer<String, byte[]> kafka =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    Transactor transactor = new Transactor(db.dataSource);
    Outbox outbox = new Outbox();
    transactor.run(
        c -> {
          outbox.append(c, cancelled(SERVICE, runPrefix, "1"));
          outbox.append(c, cancelled(SERVICE, runPrefix, "2"));
        });
    OutboxRelay relay =
        new OutboxRelay(
            db.relaySettings(SERVICE), new OutboxPublisher(kafka), new SimpleMeterRegistry());
    try (relay) {
      relay.start();
      await().until(() -> kafka.history().size() == 2);
      kafka.errorNext(new TimeoutException("broker down"));
      kafka.errorNext(new TimeoutException("broker down"));
      await().until(() -> kafka.history().size() == 4);
      assertThat(db.count("SELECT count(*) FROM sluice_outbox")).as("kept").isEqualTo(2);
      assertThat(db.count("SELECT count(*) FROM sluice_outbox_parked")).isZero();

      kafka.completeNext();
      kafka.completeNext();
      await().until(() -> db.count("SELECT count(*) FROM sluice_outbox") == 0);
    }
    List<ProducerRecord<String, byte[]>> sent = kafka.history();
    assertThat(sent.subList(2, 4)).extracting(r -> reason(r.value())).containsExactly("1", "2");
  }

  private static OutboxMessage onTopic(EventEnvelope<?> event, String topic) {
    OutboxMessage message = OutboxMessage.of(event);
    return new OutboxMessage(
        topic,
        message.key(),
        message.eventId(),
        message.eventType(),
        message.headers(),
        message.payload());
  }

  private static String reason(byte[] value) {
    String json = new String(value, StandardCharsets.UTF_8);
    return json.replaceAll(".*\"reason\"\\s*:\\s*\"([^\"]*)\".*", "$1");
  }
}
