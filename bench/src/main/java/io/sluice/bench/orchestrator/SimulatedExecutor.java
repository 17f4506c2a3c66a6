package io.sluice.bench.orchestrator;

import io.sluice.eventing.KafkaClientConfig;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FileDigest;
import io.sluice.events.OutputTarget;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * A <b>simulated</b> executor: no step runs. It follows {@code sluice.runs} and answers every
 * {@code step.requested} at once with a valid {@code step.done} (one fake file per declared output,
 * no metrics), so that the only work between two steps of a run is the orchestrator's. Because it
 * both produces {@code step.done} and receives the next {@code step.requested}, one clock (this
 * JVM's {@link System#nanoTime()}) times each hop. It can also pretend that each step takes a while
 * ({@link #simulateStepsTaking}), to hold many runs in flight at a sustainable rate.
 */
final class SimulatedExecutor implements AutoCloseable {

  private static final String SERVICE = "bench-executor";
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  // Written by the scenario thread, read by the executor thread.
  private final Map<String, Long> dropSentAt = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> finished = new ConcurrentHashMap<>();
  // Written by whichever thread sends step.done, read by the executor thread.
  private final Map<String, Long> doneSentAt = new ConcurrentHashMap<>();
  // Only the executor thread touches this.
  private final Map<String, String> versionOfRun = new HashMap<>();
  private final ScheduledExecutorService later =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, SERVICE + "-later");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Measurement measurement = new Measurement();
  private volatile Duration stepDuration = Duration.ZERO;
  private volatile boolean running = true;

  /** Connects and positions itself at the end of {@code sluice.runs} before returning. */
  SimulatedExecutor(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(bootstrapServers, SERVICE, SERVICE, "latest"));
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.RUNS).stream()
            .map(p -> new TopicPartition(Topics.RUNS, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrapServers, SERVICE));
    thread = new Thread(this::follow, SERVICE);
    thread.setDaemon(true);
    thread.start();
  }

  /** Directs what is observed from now on into {@code next}. */
  void measureInto(Measurement next) {
    measurement = next;
  }

  /** From now on, answers each request after {@code duration} (zero: at once) as if it ran. */
  void simulateStepsTaking(Duration duration) {
    stepDuration = duration;
  }

  /**
   * Announces a dataset version about to be produced at {@code sentAtNanos}; the future completes
   * with the arrival time of its run's {@code run.succeeded} (exceptionally on {@code run.failed}).
   */
  CompletableFuture<Long> expect(String datasetVersion, long sentAtNanos) {
    dropSentAt.put(datasetVersion, sentAtNanos);
    return finished.computeIfAbsent(datasetVersion, v -> new CompletableFuture<>());
  }

  private void follow() {
    while (running) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      // One arrival time for the whole batch: answering earlier records must not delay later ones.
      long arrivedAt = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (EventCodec.decode(headers(record), record.value()) instanceof Decoded.Event event) {
          observe(event.envelope(), arrivedAt);
        }
      }
    }
    consumer.close();
  }

  private void observe(EventEnvelope<?> envelope, long arrivedAt) {
    // step.done (our own), step.started and the rest say nothing about the orchestrator's hops.
    Object data = envelope.data();
    if (data instanceof RunStarted started) {
      versionOfRun.put(started.runId(), started.datasetVersion());
    } else if (data instanceof StepRequested request) {
      time(request.runId(), arrivedAt);
      Duration duration = stepDuration;
      if (duration.isZero()) {
        answer(envelope, request);
      } else {
        later.schedule(() -> answer(envelope, request), duration.toNanos(), TimeUnit.NANOSECONDS);
      }
    } else if (data instanceof RunSucceeded succeeded) {
      finish(succeeded.runId(), succeeded.datasetVersion(), arrivedAt, null);
    } else if (data instanceof RunFailed failed) {
      finish(failed.runId(), failed.datasetVersion(), arrivedAt, failed.message());
    }
  }

  private void time(String runId, long arrivedAt) {
    Long done = doneSentAt.remove(runId);
    if (done != null) {
      measurement.hops.add(arrivedAt - done);
      return;
    }
    String version = versionOfRun.get(runId);
    Long drop = version == null ? null : dropSentAt.remove(version);
    if (drop != null) {
      measurement.starts.add(arrivedAt - drop);
    }
  }

  private void answer(EventEnvelope<?> cause, StepRequested request) {
    Instant now = Instant.now();
    List<StepOutput> outputs = request.outputs().stream().map(this::fakeOutput).toList();
    StepDone done =
        new StepDone(
            request.runId(),
            request.stepName(),
            request.attempt(),
            request.shardIndex(),
            outputs,
            Map.of(),
            0,
            null,
            now,
            now,
            "simulated",
            "bench");
    EventEnvelope<StepDone> event = EventEnvelope.causedBy(cause, SERVICE, request.runId(), done);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.RUNS, event.key(), EventCodec.encodeData(done));
    EventCodec.headers(event)
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    doneSentAt.put(request.runId(), System.nanoTime());
    measurement.stepsAnswered.incrementAndGet();
    producer.send(record, SimulatedExecutor::reportFailure);
  }

  /** One fake file whose hash depends on the destination, so every run's outputs differ. */
  private StepOutput fakeOutput(OutputTarget target) {
    String sha256 = FakeHashes.sha256(target.uri());
    return StepOutput.of(target.name(), target.uri(), List.of(new FileDigest("part-0", 1, sha256)));
  }

  private void finish(String runId, String datasetVersion, long arrivedAt, String failure) {
    doneSentAt.remove(runId);
    versionOfRun.remove(runId);
    CompletableFuture<Long> future = finished.remove(datasetVersion);
    if (future == null) {
      return;
    }
    if (failure == null) {
      future.complete(arrivedAt);
    } else {
      future.completeExceptionally(
          new IllegalStateException("run " + runId + " failed: " + failure));
    }
  }

  private static void reportFailure(Object metadata, Exception error) {
    if (error != null) {
      System.err.println("[bench] step.done not sent: " + error);
    }
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    later.shutdownNow();
    thread.join(5_000);
    producer.close();
  }
}
