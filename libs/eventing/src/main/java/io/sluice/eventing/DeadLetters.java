package io.sluice.eventing;

import io.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records that can never be used to {@code sluice.dlq.<service>}: the original key, value and
 * headers, plus headers naming the error and where the record came from, so an operator can inspect
 * and replay it.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String ERROR = "sluice_dlq_error";
  public static final String SERVICE = "sluice_dlq_service";
  public static final String ORIGIN_TOPIC = "sluice_dlq_origin_topic";
  public static final String ORIGIN_PARTITION = "sluice_dlq_origin_partition";
  public static final String ORIGIN_OFFSET = "sluice_dlq_origin_offset";
  public static final String DEAD_LETTERED_AT = "sluice_dlq_time";

  /**
   * Set on a replayed record: where the original first arrived ({@code topic/partition/offset}). A
   * raw record (no event id) is deduplicated on it, so replaying it twice applies it once.
   */
  public static final String REPLAY_ORIGIN = "sluice_replay_origin";

  /** Where the replay came from in the dead-letter topic ({@code topic/partition/offset}). */
  public static final String REPLAYED_FROM = "sluice_replayed_from";

  private static final int MAX_ERROR_CHARS = 4_000;

  private final Producer<byte[], byte[]> producer;
  private final String serviceName;
  private final String topic;

  public DeadLetters(Producer<byte[], byte[]> producer, String serviceName) {
    this.producer = producer;
    this.serviceName = serviceName;
    this.topic = Topics.deadLetter(serviceName);
  }

  /** Sends and waits for the acknowledgement; throws when Kafka does not take it (retry). */
  public void send(IncomingRecord record, String error) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    record.headers().forEach((name, value) -> headers.add(name, bytes(value)));
    headers.add(ERROR, bytes(truncate(error)));
    headers.add(SERVICE, bytes(serviceName));
    headers.add(ORIGIN_TOPIC, bytes(record.topic()));
    headers.add(ORIGIN_PARTITION, bytes(Integer.toString(record.partition())));
    headers.add(ORIGIN_OFFSET, bytes(Long.toString(record.offset())));
    headers.add(DEAD_LETTERED_AT, bytes(Instant.now().toString()));
    producer
        .send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
        .get(30, TimeUnit.SECONDS);
  }

  public String topic() {
    return topic;
  }

  /**
   * The id a raw record (one without an event id) is deduplicated on: where it first arrived, so a
   * replay of it counts as the same record, however often it is replayed.
   */
  static String dedupeIdOf(IncomingRecord record) {
    String origin = record.headers().get(REPLAY_ORIGIN);
    return origin == null || origin.isBlank() ? record.position() : origin;
  }

  private static String truncate(String error) {
    String text = error == null ? "unknown error" : error;
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }
}
