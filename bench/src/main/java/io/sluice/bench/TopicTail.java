package io.sluice.bench;

import io.sluice.eventing.KafkaClientConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Follows the end of a topic and completes a future when a record with a given key arrives. */
final class TopicTail implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  TopicTail(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(bootstrapServers, "bench-tail", "bench-tail", "latest"));
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::follow, "bench-tail");
    thread.start();
  }

  /** A future of the arrival time (System.nanoTime) of the next record keyed {@code key}. */
  CompletableFuture<Long> arrivalOf(String key) {
    return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private void follow() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        long now = System.nanoTime();
        String key = new String(record.key(), StandardCharsets.UTF_8);
        arrivalOf(key).complete(now);
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    // The poll loop sees the flag within one poll; a stuck broker call must not hold the bench.
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
