package io.sluice.e2e.client;

import io.sluice.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything the platform says on its event topics, recorded from the beginning by a plain consumer
 * on a background thread (no consumer group), so tests can ask what happened after a given point.
 */
public final class EventLog implements AutoCloseable {

  private static final List<String> TOPICS =
      List.of(Topics.DATA, Topics.RUNS, Topics.MODELS, Topics.SERVING);

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread poller;
  private volatile boolean running = true;

  private EventLog(KafkaConsumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
    this.poller = new Thread(this::poll, "e2e-event-log");
    this.poller.setDaemon(true);
  }

  /** Starts recording every event from the start of the topics. */
  public static EventLog start(String bootstrapServers) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "sluice-e2e-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        TOPICS.stream()
            .flatMap(topic -> consumer.partitionsFor(topic).stream())
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    EventLog log = new EventLog(consumer);
    log.poller.start();
    return log;
  }

  private void poll() {
    try {
      while (running) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(Event.of(record)));
      }
    } catch (WakeupException e) {
      // close() ends the loop this way.
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** A position in the log: what {@link #since} counts from. */
  public int mark() {
    return events.size();
  }

  /** The events recorded after {@code mark}, in arrival order. */
  public List<Event> since(int mark) {
    List<Event> all = List.copyOf(events);
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  /** The events after {@code mark} of one type that also match {@code filter}. */
  public List<Event> since(int mark, String type, Predicate<Event> filter) {
    return since(mark).stream().filter(e -> e.is(type)).filter(filter).toList();
  }

  /** The last {@code count} events, one line each, for failure reports. */
  public String describeLast(int count) {
    List<Event> all = List.copyOf(events);
    StringBuilder text = new StringBuilder();
    all.subList(Math.max(0, all.size() - count), all.size())
        .forEach(event -> text.append(event).append('\n'));
    return text.toString();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      poller.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
