package io.sluice.eventing;

import io.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads a service's dead-letter topic ({@code sluice.dlq.<service>}) for operators and replays a
 * dead letter to the topic it came from. Reading assigns partitions directly (no consumer group,
 * nothing committed), so looking never changes anything.
 *
 * <p>A replay republishes the original key, value and headers (without the dead-letter headers) and
 * adds {@link DeadLetters#REPLAY_ORIGIN}. Replaying is idempotent: an event is deduplicated on its
 * event id, and a raw record on its replay origin, so a second replay of the same dead letter is
 * recognised as a duplicate by every consumer.
 */
public final class DeadLetterArchive implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaClientProperties kafka;
  private final String topic;
  private final String clientId;
  private KafkaProducer<byte[], byte[]> producer;

  public DeadLetterArchive(KafkaClientProperties kafka, String serviceName, String clientId) {
    this.kafka = kafka;
    this.topic = Topics.deadLetter(serviceName);
    this.clientId = clientId;
  }

  public String topic() {
    return topic;
  }

  /**
   * Up to {@code limit} dead letters in (partition, offset) order, after the dead letter at {@code
   * afterPartition}/{@code afterOffset} (a page's cursor; -1/-1 for the first page), of {@code
   * onlyPartition} alone when given.
   */
  public List<DeadLetter> list(
      Optional<Integer> onlyPartition, int afterPartition, long afterOffset, int limit) {
    try (KafkaConsumer<byte[], byte[]> reader = reader()) {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .filter(tp -> onlyPartition.isEmpty() || onlyPartition.get() == tp.partition())
              .filter(tp -> tp.partition() >= afterPartition)
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      List<DeadLetter> found = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        long from = tp.partition() == afterPartition ? afterOffset + 1 : 0;
        found.addAll(read(reader, tp, from, limit - found.size()));
        if (found.size() >= limit) {
          break;
        }
      }
      return found;
    }
  }

  /** The dead letter at that position, if the topic holds one there. */
  public Optional<DeadLetter> find(int partition, long offset) {
    try (KafkaConsumer<byte[], byte[]> reader = reader()) {
      if (reader.partitionsFor(topic).stream().noneMatch(p -> p.partition() == partition)) {
        return Optional.empty();
      }
      List<DeadLetter> one = read(reader, new TopicPartition(topic, partition), offset, 1);
      return one.stream().filter(letter -> letter.offset() == offset).findFirst();
    }
  }

  /**
   * Publishes the dead letter again to its origin topic.
   *
   * @return where the replayed record landed, {@code topic/partition/offset}
   */
  public synchronized String replay(DeadLetter letter) throws Exception {
    RecordHeaders headers = new RecordHeaders();
    letter.headers().entrySet().stream()
        .filter(h -> !h.getKey().startsWith("sluice_dlq_"))
        .filter(h -> !h.getKey().equals(DeadLetters.REPLAYED_FROM))
        .forEach(h -> headers.add(h.getKey(), bytes(h.getValue())));
    if (headers.lastHeader(DeadLetters.REPLAY_ORIGIN) == null) {
      // A dead letter of a replay keeps the first origin: that is the record's identity.
      headers.add(DeadLetters.REPLAY_ORIGIN, bytes(letter.origin()));
    }
    headers.add(DeadLetters.REPLAYED_FROM, bytes(letter.position()));
    byte[] key = letter.key() == null ? null : bytes(letter.key());
    RecordMetadata sent =
        producer()
            .send(new ProducerRecord<>(letter.originTopic(), null, key, letter.value(), headers))
            .get(30, TimeUnit.SECONDS);
    return sent.topic() + "/" + sent.partition() + "/" + sent.offset();
  }

  private List<DeadLetter> read(
      KafkaConsumer<byte[], byte[]> reader, TopicPartition tp, long from, int limit) {
    reader.assign(List.of(tp));
    long begin = reader.beginningOffsets(List.of(tp)).get(tp);
    long end = reader.endOffsets(List.of(tp)).get(tp);
    reader.seek(tp, Math.max(from, begin));
    List<DeadLetter> found = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (found.size() < limit && reader.position(tp) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL).records(tp)) {
        if (found.size() < limit) {
          found.add(toDeadLetter(record));
        }
      }
    }
    return found;
  }

  private static DeadLetter toDeadLetter(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return new DeadLetter(
        record.topic(), record.partition(), record.offset(), key, headers, record.value());
  }

  private KafkaConsumer<byte[], byte[]> reader() {
    Map<String, Object> config =
        KafkaClientConfig.consumer(
            kafka, clientId + "-" + UUID.randomUUID(), clientId + "-reader", "earliest");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              KafkaClientConfig.producer(kafka, clientId + "-replay"),
              new ByteArraySerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
