package io.sluice.eventing;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The eventing plumbing of one service, assembled the same way everywhere: a {@link Transactor} and
 * {@link Outbox} for writes, an {@link OutboxRelay} that publishes them, and one {@link
 * EventConsumer} per {@link Subscription}.
 */
public final class Eventing implements AutoCloseable {

  private final ConsumerSettings consumerSettings;
  private final Transactor transactor;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final DeadLetters deadLetters;
  private final MeterRegistry meters;
  private final List<EventConsumer> consumers = new ArrayList<>();
  private DeadLetterArchive deadLetterArchive;

  public Eventing(
      DataSource dataSource,
      RelaySettings relaySettings,
      ConsumerSettings consumerSettings,
      MeterRegistry meters) {
    this.consumerSettings = consumerSettings;
    this.meters = meters;
    this.transactor = new Transactor(dataSource);
    KafkaClientProperties kafka = consumerSettings.kafka();
    this.outbox = new Outbox(KafkaClientConfig.maxRequestBytes(kafka));
    String clientId = consumerSettings.serviceName() + "-" + consumerSettings.instanceId();
    this.relay =
        new OutboxRelay(
            relaySettings,
            new OutboxPublisher(
                new KafkaProducer<>(KafkaClientConfig.producer(kafka, clientId + "-outbox")),
                new MissingTopicCheck(kafka, clientId + "-outbox-topics")),
            meters);
    this.deadLetters =
        new DeadLetters(
            new KafkaProducer<>(
                KafkaClientConfig.producer(consumerSettings.kafka(), clientId + "-dlq"),
                new ByteArraySerializer(),
                new ByteArraySerializer()),
            consumerSettings.serviceName());
  }

  /** Starts publishing the outbox. */
  public void startRelay() {
    relay.start();
  }

  /** Starts consuming one subscription on its own thread. */
  public EventConsumer subscribe(Subscription subscription) {
    boolean broadcast = subscription.mode() == Subscription.Mode.BROADCAST;
    String group =
        broadcast ? subscription.name() + "." + consumerSettings.instanceId() : subscription.name();
    Map<String, Object> config =
        KafkaClientConfig.consumer(
            consumerSettings.kafka(),
            group,
            group + "-" + consumerSettings.instanceId(),
            broadcast ? "latest" : "earliest");
    return subscribe(subscription, () -> new KafkaConsumer<>(config));
  }

  /** Same as {@link #subscribe(Subscription)} with the Kafka clients {@code clients} makes. */
  synchronized EventConsumer subscribe(
      Subscription subscription, Supplier<Consumer<byte[], byte[]>> clients) {
    RecordApplier applier =
        new RecordApplier(
            subscription, consumerSettings.serviceName(), transactor, outbox, deadLetters, meters);
    EventConsumer consumer =
        new EventConsumer(subscription, clients, applier, consumerSettings, meters);
    consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  /** Reads and replays this service's dead letters (operator use; made on first call). */
  public synchronized DeadLetterArchive deadLetterArchive() {
    if (deadLetterArchive == null) {
      deadLetterArchive =
          new DeadLetterArchive(
              consumerSettings.kafka(),
              consumerSettings.serviceName(),
              consumerSettings.serviceName() + "-" + consumerSettings.instanceId() + "-dlq-admin");
    }
    return deadLetterArchive;
  }

  public Transactor transactor() {
    return transactor;
  }

  public Outbox outbox() {
    return outbox;
  }

  public OutboxRelay relay() {
    return relay;
  }

  public synchronized List<EventConsumer> consumers() {
    return List.copyOf(consumers);
  }

  public String serviceName() {
    return consumerSettings.serviceName();
  }

  @Override
  public synchronized void close() {
    consumers.forEach(EventConsumer::close);
    consumers.clear();
    relay.close();
    deadLetters.close();
    if (deadLetterArchive != null) {
      deadLetterArchive.close();
    }
  }
}
