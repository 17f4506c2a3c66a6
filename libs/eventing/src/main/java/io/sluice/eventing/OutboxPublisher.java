package io.sluice.eventing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends outbox messages as binary-mode CloudEvents and returns only when Kafka has acknowledged all
 * of them. The producer is idempotent, so retries inside it neither duplicate nor reorder records
 * of one partition.
 */
public final class OutboxPublisher implements AutoCloseable {

  private static final long ACK_TIMEOUT_SECONDS = 60;

  private final Producer<String, byte[]> producer;

  public OutboxPublisher(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  public void publish(List<OutboxMessage> messages)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
    for (OutboxMessage message : messages) {
      acks.add(producer.send(toRecord(message)));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  static ProducerRecord<String, byte[]> toRecord(OutboxMessage message) {
    return new ProducerRecord<>(
        message.topic(), null, message.key(), message.payload(), toHeaders(message.headers()));
  }

  static RecordHeaders toHeaders(Map<String, String> headers) {
    RecordHeaders kafkaHeaders = new RecordHeaders();
    headers.forEach(
        (name, value) -> kafkaHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
    return kafkaHeaders;
  }

  @Override
  public void close() {
    producer.close();
  }
}
