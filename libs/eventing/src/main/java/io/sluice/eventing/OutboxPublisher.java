package io.sluice.eventing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends outbox messages as binary-mode CloudEvents and returns only when Kafka has answered for
 * each of them. The producer is idempotent, so retries inside it neither duplicate nor reorder
 * records of one partition.
 */
public final class OutboxPublisher implements AutoCloseable {

  private static final long ACK_TIMEOUT_SECONDS = 60;

  private final Producer<String, byte[]> producer;
  private final Predicate<String> topicMissing;

  /** A publisher that never learns whether a topic exists: it retries a missing one forever. */
  public OutboxPublisher(Producer<String, byte[]> producer) {
    this(producer, topic -> false);
  }

  /**
   * @param topicMissing asked after a send failed: true only when the cluster answered that the
   *     topic does not exist (the row is then set aside), false when it exists or nobody answered
   */
  public OutboxPublisher(Producer<String, byte[]> producer, Predicate<String> topicMissing) {
    this.producer = producer;
    this.topicMissing = topicMissing;
  }

  /**
   * Sends every message and waits for Kafka's answers.
   *
   * @return one outcome per message, in the same order
   */
  public List<SendOutcome> publish(List<OutboxMessage> messages) throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
    for (OutboxMessage message : messages) {
      acks.add(producer.send(toRecord(message)));
    }
    // Asked once per topic and round: with the broker down every message fails alike.
    Map<String, Boolean> missing = new HashMap<>();
    List<SendOutcome> outcomes = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      outcomes.add(outcomeOf(messages.get(i), acks.get(i), missing));
    }
    return outcomes;
  }

  private SendOutcome outcomeOf(
      OutboxMessage message, Future<RecordMetadata> ack, Map<String, Boolean> missing)
      throws InterruptedException {
    try {
      ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return SendOutcome.SENT;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (SendFailures.isPermanent(cause)
          || (SendFailures.mayBeMissingTopic(cause)
              && missing.computeIfAbsent(message.topic(), topicMissing::test))) {
        return SendOutcome.refused(cause);
      }
      return SendOutcome.failed(cause);
    } catch (TimeoutException e) {
      return SendOutcome.failed(e);
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
    if (topicMissing instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a client at shutdown; nothing is waiting on it.
      }
    }
  }

  /**
   * What Kafka answered for one message.
   *
   * @param failure null when the message was acknowledged
   * @param permanent whether Kafka refused this message for good (retrying cannot help)
   */
  public record SendOutcome(Throwable failure, boolean permanent) {

    static final SendOutcome SENT = new SendOutcome(null, false);

    static SendOutcome failed(Throwable failure) {
      return new SendOutcome(failure, false);
    }

    static SendOutcome refused(Throwable failure) {
      return new SendOutcome(failure, true);
    }

    public boolean sent() {
      return failure == null;
    }
  }
}
