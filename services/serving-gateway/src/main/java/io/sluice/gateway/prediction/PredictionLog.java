package io.sluice.gateway.prediction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.gateway.config.PredictionLogConfig;
import io.sluice.gateway.protocol.RandomIds;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Copies a sampled share of the predictions to {@code sluice.predictions}, as CloudEvents of type
 * {@code io.sluice.prediction.logged.v1}. Fire and forget: the record goes into a bounded buffer in
 * front of the Kafka producer and the prediction never waits for it; when the buffer is full (a
 * slow or unreachable broker) or the broker refuses the record, it is dropped and counted in {@code
 * sluice.gateway.predictions.dropped}. Nothing here may fail a prediction.
 *
 * <p>Application-scoped so that it is created on first use, once Reactive Messaging has connected
 * the channel (the inference route's beans are created earlier, with Quarkus' router).
 */
@ApplicationScoped
public class PredictionLog {

  /** The CloudEvents type of a logged prediction. */
  public static final String TYPE = "io.sluice.prediction.logged.v1";

  private static final Logger LOG = Logger.getLogger(PredictionLog.class);
  private static final URI SOURCE = URI.create("/sluice/serving-gateway");

  private final Emitter<byte[]> emitter;
  private final PredictionSampling sampling;
  private final int maxBodyBytes;
  private final Counter logged;
  private final Counter overflowed;
  private final Counter refused;
  private final Counter failed;

  public PredictionLog(
      @Channel("predictions") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
          Emitter<byte[]> emitter,
      PredictionLogConfig config,
      MeterRegistry meters) {
    this.emitter = emitter;
    this.sampling = new PredictionSampling(config);
    this.maxBodyBytes = config.maxBodyBytes();
    this.logged = meters.counter("sluice.gateway.predictions.logged");
    this.overflowed = meters.counter("sluice.gateway.predictions.dropped", "reason", "overflow");
    this.refused = meters.counter("sluice.gateway.predictions.dropped", "reason", "refused");
    this.failed = meters.counter("sluice.gateway.predictions.dropped", "reason", "error");
  }

  /** Logs this prediction if it falls in the model's sample; never throws. */
  public void offer(String model, int version, byte[] request, byte[] response, long nanos) {
    if (!sampling.sampled(model, ThreadLocalRandom.current().nextDouble())) {
      return;
    }
    try {
      send(model, version, request, response, nanos);
    } catch (RuntimeException e) {
      // The emitter throws when its buffer is full; anything else is as good a reason to drop.
      (isOverflow(e) ? overflowed : failed).increment();
      LOG.debugf("dropped a prediction record of %s: %s", model, e.getMessage());
    }
  }

  private void send(String model, int version, byte[] request, byte[] response, long nanos) {
    Instant now = Instant.now();
    String requestId = ResponseIds.idOf(response);
    byte[] data =
        PredictionRecord.write(
            model,
            version,
            requestId,
            nanos / 1_000_000.0,
            now,
            request,
            response,
            sampling.redacted(model),
            maxBodyBytes);
    Metadata metadata =
        Metadata.of(
            OutgoingCloudEventMetadata.builder()
                .withId(RandomIds.uuid())
                .withType(TYPE)
                .withSource(SOURCE)
                .withSubject(model)
                .withTimestamp(now.atZone(ZoneOffset.UTC))
                .build(),
            OutgoingKafkaRecordMetadata.<String>builder().withKey(model).build());
    emitter.send(
        Message.of(
            data,
            metadata,
            () -> {
              logged.increment();
              return CompletableFuture.completedFuture(null);
            },
            reason -> {
              refused.increment();
              return CompletableFuture.completedFuture(null);
            }));
  }

  private static boolean isOverflow(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("SRMSG") || message.toLowerCase().contains("buffer");
  }
}
