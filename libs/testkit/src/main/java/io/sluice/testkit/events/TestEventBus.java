package io.sluice.testkit.events;

import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test's side of Kafka: produces events (or raw, hostile records) as other services would, and
 * records on a background thread every decodable event on the topics it follows, with the time it
 * arrived, and the dead letters of one service.
 *
 * <p>It reads each followed topic from its beginning under a consumer group of its own, so a test
 * sees events that were produced before it started. Records on followed topics that do not decode
 * as events are skipped: services never see them as events either.
 *
 * <pre>{@code
 * try (TestEventBus bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS)) {
 *   bus.send(candidate);
 *   await().until(() -> !bus.events(model, ModelRegistered.class).isEmpty());
 * }
 * }</pre>
 */
public final class TestEventBus implements AutoCloseable {

  /** The header in which a service's dead-letter handler puts the reason for giving up. */
  public static final String DEAD_LETTER_ERROR_HEADER = "sluice_dlq_error";

  private static final Duration POLL = Duration.ofMillis(100);
  private static final long SEND_TIMEOUT_SECONDS = 30;
  private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

  /**
   * One event as it arrived.
   *
   * @param envelope the decoded event
   * @param receivedAtNanos {@link System#nanoTime()} when the reader saw it
   */
  public record Received<T extends EventData>(EventEnvelope<T> envelope, long receivedAtNanos) {}

  /**
   * One record on the followed dead-letter topic.
   *
   * @param key the record's key, empty when it had none
   * @param error the text of the {@value #DEAD_LETTER_ERROR_HEADER} header, empty when missing
   */
  public record DeadLetter(String key, String error) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final Optional<String> deadLetterTopic;
  private final List<Received<?>> received = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  /**
   * Connects and starts following {@code topics} (and {@code deadLetterTopic} when present).
   *
   * @param bootstrapServers the Kafka to talk to
   * @param topics topics whose events to record
   * @param deadLetterTopic a dead-letter topic whose records to keep as {@link DeadLetter}s
   */
  public TestEventBus(
      String bootstrapServers, Collection<String> topics, Optional<String> deadLetterTopic) {
    this.deadLetterTopic = deadLetterTopic;
    producer = newProducer(bootstrapServers);
    KafkaConsumer<byte[], byte[]> consumer = newConsumer(bootstrapServers);
    List<String> followed = new ArrayList<>(topics);
    deadLetterTopic.ifPresent(followed::add);
    consumer.subscribe(followed);
    reader = new Thread(() -> read(consumer), "test-event-bus");
    reader.setDaemon(true);
    reader.start();
  }

  /** Follows {@code topics} on the test JVM's shared Kafka ({@link SluiceInfra}). */
  public static TestEventBus following(String... topics) {
    return new TestEventBus(sharedKafka(), List.of(topics), Optional.empty());
  }

  /** Follows {@code topics} and the dead letters of {@code service} on the shared Kafka. */
  public static TestEventBus followingWithDeadLettersOf(String service, String... topics) {
    return new TestEventBus(
        sharedKafka(), List.of(topics), Optional.of(Topics.deadLetter(service)));
  }

  private static String sharedKafka() {
    return SluiceInfra.get().kafka().bootstrapServers();
  }

  private static KafkaProducer<byte[], byte[]> newProducer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> newConsumer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // A group of its own, so that every bus reads every topic from its beginning.
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-event-bus-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private void read(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          keep(record);
        }
      }
    }
  }

  private void keep(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), text(header.value()));
    }
    if (deadLetterTopic.filter(record.topic()::equals).isPresent()) {
      deadLetters.add(
          new DeadLetter(text(record.key()), headers.getOrDefault(DEAD_LETTER_ERROR_HEADER, "")));
    } else if (EventCodec.decode(headers, record.value()) instanceof Decoded.Event event) {
      received.add(new Received<>(event.envelope(), System.nanoTime()));
    }
  }

  /** Sends an event to its topic, keyed by its subject, and waits until Kafka has taken it. */
  public void send(EventEnvelope<?> event) {
    send(
        event.topic(), event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
  }

  /**
   * Sends a raw record, e.g. one no service would ever write, and waits until Kafka has taken it.
   *
   * @param value the record's value, or null for a tombstone
   */
  public void send(String topic, String key, Map<String, String> headers, byte[] value) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes(key), value);
    headers.forEach((name, text) -> record.headers().add(name, bytes(text)));
    try {
      producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take a record for " + topic, e);
    }
  }

  /** The data of events of one type about one subject (the Kafka key), in the order seen. */
  public <T extends EventData> List<T> events(String subject, Class<T> type) {
    return envelopes(subject, type).stream().map(EventEnvelope::data).toList();
  }

  /** Events of one type about one subject (the Kafka key), in the order seen. */
  public <T extends EventData> List<EventEnvelope<T>> envelopes(String subject, Class<T> type) {
    return envelopes(type, event -> event.subject().equals(subject));
  }

  /** Events of one type in the chain of one correlation id (e.g. a dataset version). */
  public <T extends EventData> List<EventEnvelope<T>> chain(String correlationId, Class<T> type) {
    return envelopes(type, event -> event.correlationId().equals(correlationId));
  }

  /** Events of one type that {@code which} accepts, in the order seen. */
  public <T extends EventData> List<EventEnvelope<T>> envelopes(
      Class<T> type, Predicate<? super EventEnvelope<T>> which) {
    return received(type, which).stream().map(Received::envelope).toList();
  }

  /** Events of one type that {@code which} accepts, with the time each arrived, in order seen. */
  public <T extends EventData> List<Received<T>> received(
      Class<T> type, Predicate<? super EventEnvelope<T>> which) {
    List<Received<T>> matching = new ArrayList<>();
    for (Received<?> one : received) {
      if (type.isInstance(one.envelope().data())) {
        Received<T> typed = cast(one);
        if (which.test(typed.envelope())) {
          matching.add(typed);
        }
      }
    }
    return List.copyOf(matching);
  }

  /** The dead letters with this key, in the order seen; empty when no dead-letter topic is kept. */
  public List<DeadLetter> deadLetters(String key) {
    return deadLetters.stream().filter(letter -> letter.key().equals(key)).toList();
  }

  /** Stops the reader (waiting a few seconds for it) and closes the producer. */
  @Override
  public void close() {
    running = false;
    try {
      reader.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close();
    }
  }

  // Safe: callers check the data's class first, and the envelope's type follows its data.
  @SuppressWarnings("unchecked")
  private static <T extends EventData> Received<T> cast(Received<?> received) {
    return (Received<T>) received;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // Kafka allows records without a key and headers without a value.
  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
