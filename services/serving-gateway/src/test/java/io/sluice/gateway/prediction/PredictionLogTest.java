package io.sluice.gateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.gateway.config.PredictionLogConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

class PredictionLogTest {

  private static final byte[] REQUEST =
      "{\"inputs\":[{\"name\":\"features\",\"data\":[5.1,3.5,1.4,0.2]}]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESPONSE =
      "{\"model_name\":\"m\",\"id\":\"r-1\",\"outputs\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aFullBufferDropsAndCountsTheRecordAndThePredictionGoesOn() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    PredictionLog log = new PredictionLog(new FullEmitter(), config(1.0, false), meters);

    assertThatCode(() -> log.offer("m", 1, REQUEST, RESPONSE, 1_000_000))
        .doesNotThrowAnyException();

    assertThat(meters.counter("sluice.gateway.predictions.dropped", "reason", "overflow").count())
        .isEqualTo(1);
  }

  @Test
  void aRecordTheBrokerRefusesIsCountedAsDropped() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RecordingEmitter emitter = new RecordingEmitter();
    PredictionLog log = new PredictionLog(emitter, config(1.0, false), meters);

    log.offer("m", 1, REQUEST, RESPONSE, 1_000_000);
    emitter.sent.get(0).nack(new IllegalStateException("broker gone"));

    assertThat(meters.counter("sluice.gateway.predictions.dropped", "reason", "refused").count())
        .isEqualTo(1);
    assertThat(meters.counter("sluice.gateway.predictions.logged").count()).isZero();
  }

  @Test
  void aModelOutsideTheSampleSendsNothing() {
    RecordingEmitter emitter = new RecordingEmitter();
    PredictionLog log = new PredictionLog(emitter, config(0.0, false), new SimpleMeterRegistry());

    for (int i = 0; i < 100; i++) {
      log.offer("m", 1, REQUEST, RESPONSE, 1_000_000);
    }

    assertThat(emitter.sent).isEmpty();
  }

  @Test
  void theRecordCarriesTheRequestIdAndRedactionHidesTheFeatures() {
    RecordingEmitter emitter = new RecordingEmitter();
    new PredictionLog(emitter, config(1.0, true), new SimpleMeterRegistry())
        .offer("m", 3, REQUEST, RESPONSE, 2_500_000);

    String record = new String(emitter.sent.get(0).getPayload(), StandardCharsets.UTF_8);
    assertThat(record)
        .contains("\"requestId\":\"r-1\"", "\"version\":3", "\"latencyMillis\":2.5")
        .contains("\"requestSha256\":\"" + PredictionRecord.sha256(REQUEST) + "\"")
        .doesNotContain("5.1");
  }

  @Test
  void aBodyOverTheLimitIsLeftOutAndSaidSo() {
    String record =
        new String(
            PredictionRecord.write(
                "m", 1, "r", 1, java.time.Instant.EPOCH, REQUEST, RESPONSE, false, 10),
            StandardCharsets.UTF_8);

    assertThat(record)
        .contains("\"requestOmittedBytes\":" + REQUEST.length)
        .contains("\"responseOmittedBytes\":" + RESPONSE.length);
  }

  @Test
  void aSampleRateOutsideZeroToOneStopsTheStart() {
    assertThatThrownBy(() -> new PredictionSampling(config(1.5, false)))
        .hasMessageContaining("sample-rate must be in [0, 1]");
  }

  @Test
  void aResponseWithoutAnIdGivesAnEmptyOne() {
    assertThat(ResponseIds.idOf("{\"outputs\":[{\"id\":\"nested\"}]}".getBytes())).isEmpty();
    assertThat(ResponseIds.idOf("not json".getBytes())).isEmpty();
  }

  private static PredictionLogConfig config(double rate, boolean redact) {
    return new PredictionLogConfig() {
      @Override
      public double sampleRate() {
        return rate;
      }

      @Override
      public boolean redact() {
        return redact;
      }

      @Override
      public int maxBodyBytes() {
        return 65536;
      }

      @Override
      public Map<String, ModelSettings> models() {
        return Map.of(
            "other",
            new ModelSettings() {
              @Override
              public Optional<Double> sampleRate() {
                return Optional.of(0.5);
              }

              @Override
              public Optional<Boolean> redact() {
                return Optional.empty();
              }
            });
      }
    };
  }

  /** An emitter whose buffer is full, as SmallRye's is while the broker does not keep up. */
  private static final class FullEmitter extends RecordingEmitter {
    @Override
    public <M extends Message<? extends byte[]>> void send(M message) {
      throw new IllegalStateException("SRMSG00034: Insufficient downstream requests (buffer full)");
    }
  }

  private static class RecordingEmitter implements Emitter<byte[]> {
    final List<Message<byte[]>> sent = new ArrayList<>();

    @Override
    public CompletionStage<Void> send(byte[] payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M extends Message<? extends byte[]>> void send(M message) {
      sent.add((Message<byte[]>) message);
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean hasRequests() {
      return true;
    }
  }
}
