package io.sluice.eventing;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
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

  public Eventing(
      DataSource dataSource,
      RelaySettings relaySettings,
      ConsumerSettings consumerSettings,
      MeterRegistry meters) {
    this.consumerSettings = consumerSettings;
    this.meters = meters;
    this.transactor = new Transactor(dataSource);
    this.outbox = new Outbox();
    String clientId = consumerSettings.serviceName() + "-" + consumerSettings.instanceId();
    this.relay =
        new OutboxRelay(
            relaySettings,
            new OutboxPublisher(
                new KafkaProducer<>(
                    KafkaClientConfig.producer(consumerSettings.kafka(), clientId + "-outbox"))),
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
  public synchronized EventConsumer subscribe(Subscription subscription) {
    boolean broadcast = subscription.mode() == Subscription.Mode.BROADCAST;
    String group =
        broadcast ? subscription.name() + "." + consumerSettings.instanceId() : subscription.name();
    KafkaConsumer<byte[], byte[]> kafka =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(
                consumerSettings.kafka(),
                group,
                group + "-" + consumerSettings.instanceId(),
                broadcast ? "latest" : "earliest"));
    RecordApplier applier =
        new RecordApplier(
            subscription, consumerSettings.serviceName(), transactor, outbox, deadLetters, meters);
    EventConsumer consumer = new EventConsumer(subscription, kafka, applier, consumerSettings);
    consumers.add(consumer);
    consumer.start();
    return consumer;
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
  }
}
