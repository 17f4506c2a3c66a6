package io.sluice.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.eventing.ConsumerSettings;
import io.sluice.eventing.Eventing;
import io.sluice.eventing.KafkaClientConfig;
import io.sluice.eventing.RelaySettings;
import io.sluice.eventing.Subscription;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import io.sluice.events.FailureReason;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;

/**
 * Measures the two latencies the control plane is built on, against real Kafka and Postgres:
 *
 * <ul>
 *   <li><b>commit → published</b>: a transaction appends to the outbox and commits; how long until
 *       the record is readable on Kafka (the relay is woken by the commit's notification);
 *   <li><b>event in → event out</b>: an event is produced, a consumer applies it (dedupe + state +
 *       outbox in one transaction) and emits a caused event; how long until that one is readable.
 *       This is the shape of {@code step.done → step.requested} without the DAG logic.
 * </ul>
 *
 * Run: {@code java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.OutboxLatencyBench [events]}.
 */
public final class OutboxLatencyBench {

  private static final String SERVICE = "bench";
  private static final String INPUT_TOPIC = "bench.in";

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    SluiceInfra infra = SluiceInfra.get();
    infra.kafka().createTopics(INPUT_TOPIC, Topics.deadLetter(SERVICE));
    TestPostgres postgres = infra.postgres();
    String url = postgres.createDatabase("bench_" + UUID.randomUUID().toString().substring(0, 8));
    DataSource dataSource = postgres.dataSource(url);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/eventing").load().migrate();
    String bootstrap = infra.kafka().bootstrapServers();

    try (Eventing eventing =
            new Eventing(
                dataSource,
                RelaySettings.defaults(url, postgres.username(), postgres.password(), SERVICE),
                ConsumerSettings.defaults(bootstrap, SERVICE, "bench-1"),
                new SimpleMeterRegistry());
        TopicTail tail = new TopicTail(bootstrap, Topics.RUNS);
        KafkaProducer<byte[], byte[]> producer = rawProducer(bootstrap)) {
      eventing.startRelay();
      eventing.subscribe(hop());
      commitToPublished(eventing, tail, events / 10);
      System.out.println("commit -> published   " + commitToPublished(eventing, tail, events));
      eventInToEventOut(producer, tail, events / 10);
      System.out.println("event in -> out       " + eventInToEventOut(producer, tail, events));
      System.out.println(
          "event in -> out (16 concurrent) " + concurrentHops(producer, tail, events));
    }
    System.exit(0);
  }

  private static String commitToPublished(Eventing eventing, TopicTail tail, int n)
      throws Exception {
    Latencies latencies = new Latencies(n);
    for (int i = 0; i < n; i++) {
      EventEnvelope<RunCancelled> event = cancelled("commit-" + UUID.randomUUID());
      CompletableFuture<Long> arrival = tail.arrivalOf(event.key());
      long start = System.nanoTime();
      eventing.transactor().run(c -> eventing.outbox().append(c, event));
      latencies.add(arrival.get(30, TimeUnit.SECONDS) - start);
    }
    return latencies.summary();
  }

  private static String eventInToEventOut(
      KafkaProducer<byte[], byte[]> producer, TopicTail tail, int n) throws Exception {
    Latencies latencies = new Latencies(n);
    for (int i = 0; i < n; i++) {
      EventEnvelope<RunCancelled> event = cancelled("hop-" + UUID.randomUUID());
      CompletableFuture<Long> arrival = tail.arrivalOf(event.key());
      long start = System.nanoTime();
      producer.send(record(event));
      latencies.add(arrival.get(30, TimeUnit.SECONDS) - start);
    }
    return latencies.summary();
  }

  private static String concurrentHops(
      KafkaProducer<byte[], byte[]> producer, TopicTail tail, int n) throws Exception {
    Latencies latencies = new Latencies(n);
    int inFlight = 16;
    for (int sent = 0; sent < n; sent += inFlight) {
      List<CompletableFuture<Void>> wave = new ArrayList<>();
      for (int j = 0; j < inFlight && sent + j < n; j++) {
        EventEnvelope<RunCancelled> event = cancelled("wave-" + UUID.randomUUID());
        long start = System.nanoTime();
        wave.add(tail.arrivalOf(event.key()).thenAccept(t -> latencies.add(t - start)));
        producer.send(record(event));
      }
      CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    return latencies.summary();
  }

  /** Applies a cancellation from the input topic and emits a caused event to sluice.runs. */
  private static Subscription hop() {
    return Subscription.builder("bench.hop")
        .topics(INPUT_TOPIC)
        .on(
            EventType.RUN_CANCELLED,
            RunCancelled.class,
            (event, context) ->
                context.emitCausedBy(
                    event.subject(),
                    new RunFailed(
                        event.data().runId(),
                        "iris",
                        "p",
                        "iris",
                        "d",
                        "train",
                        FailureReason.NONZERO_EXIT,
                        "bench")))
        .build();
  }

  private static EventEnvelope<RunCancelled> cancelled(String runId) {
    return EventEnvelope.first(
        "bench-driver", runId, null, new RunCancelled(runId, "iris", "p", "iris", "d", "bench"));
  }

  private static ProducerRecord<byte[], byte[]> record(EventEnvelope<?> event) {
    RecordHeaders headers = new RecordHeaders();
    EventCodec.headers(event).forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(
        INPUT_TOPIC,
        null,
        event.key().getBytes(StandardCharsets.UTF_8),
        EventCodec.encodeData(event.data()),
        headers);
  }

  private static KafkaProducer<byte[], byte[]> rawProducer(String bootstrap) {
    return new KafkaProducer<>(
        KafkaClientConfig.producer(bootstrap, "bench-driver"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
