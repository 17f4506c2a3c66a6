package io.sluice.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.gateway.routing.VersionCounters.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VersionCountersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VersionCounters counters = new VersionCounters(registry);

  @Test
  void drainReturnsWhatWasRecordedAndStartsAgainFromZero() {
    counters.record("iris", 2, Outcome.OK, 1_000_000);
    counters.record("iris", 2, Outcome.OK, 3_000_000);
    counters.record("iris", 2, Outcome.ERROR, 50_000_000);
    counters.recordComparison("iris", 2, true);
    counters.recordComparison("iris", 2, false);

    VersionSample sample = counters.drain("iris", 2);

    assertThat(sample.requests()).isEqualTo(3);
    assertThat(sample.errors()).isEqualTo(1);
    assertThat(sample.latency().count()).isEqualTo(3);
    assertThat(sample.latency().percentileMillis(0.99)).isBetween(48.0, 52.0);
    assertThat(sample.compared()).isEqualTo(2);
    assertThat(sample.agreed()).isEqualTo(1);
    VersionSample next = counters.drain("iris", 2);
    assertThat(next.requests()).isZero();
    assertThat(next.latency().count()).isZero();
    assertThat(next.compared()).isZero();
  }

  @Test
  void retiredVersionLeavesNoCountersNorMetersWhileOthersKeepTheirs() {
    counters.record("iris", 1, Outcome.OK, 1_000_000);
    counters.recordComparison("iris", 2, true);
    counters.recordShadowDropped("iris", 2);
    counters.record("iris", 2, Outcome.OK, 1_000_000);
    assertThat(registry.find("sluice.gateway.requests").tag("version", "2").meters()).hasSize(3);

    counters.retire("iris", 2);

    assertThat(counters.size()).isEqualTo(1);
    assertThat(registry.find("sluice.gateway.requests").tag("version", "2").meters()).isEmpty();
    assertThat(registry.find("sluice.gateway.shadow").tag("version", "2").meters()).isEmpty();
    assertThat(registry.find("sluice.gateway.requests").tag("version", "1").meters()).hasSize(3);
    assertThat(counters.drain("iris", 2).requests()).isZero();
    assertThat(counters.drain("iris", 1).requests()).isEqualTo(1);
  }

  @Test
  void versionRecordingAgainAfterRetirementGetsFreshCountersAndMeters() {
    counters.record("iris", 2, Outcome.OK, 1_000_000);
    counters.retire("iris", 2);

    counters.record("iris", 2, Outcome.ERROR, 1_000_000);

    assertThat(counters.drain("iris", 2).errors()).isEqualTo(1);
    assertThat(registry.get("sluice.gateway.requests").tag("outcome", "error").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("sluice.gateway.requests").tag("outcome", "ok").timer().count())
        .isZero();
  }

  @Test
  void clientRefusalsAreNotTheVersionsRequestsNorErrors() {
    counters.record("iris", 1, Outcome.REFUSED, 1_000);

    VersionSample sample = counters.drain("iris", 1);

    assertThat(sample.requests()).isZero();
    assertThat(sample.errors()).isZero();
    assertThat(registry.get("sluice.gateway.requests").tag("outcome", "refused").timer().count())
        .isEqualTo(1);
  }

  @Test
  void versionsAndModelsAreCountedApart() {
    counters.record("iris", 1, Outcome.OK, 1_000);
    counters.record("iris", 2, Outcome.ERROR, 1_000);
    counters.record("wine", 1, Outcome.OK, 1_000);

    assertThat(counters.drain("iris", 1).errors()).isZero();
    assertThat(counters.drain("iris", 2).errors()).isEqualTo(1);
    assertThat(counters.drain("wine", 1).requests()).isEqualTo(1);
    assertThat(counters.drain("never", 9).requests()).isZero();
  }

  @Test
  void metersCountEachVersionByOutcome() {
    counters.record("iris", 2, Outcome.OK, 1_000);
    counters.record("iris", 2, Outcome.ERROR, 1_000);
    counters.recordShadowDropped("iris", 2);

    assertThat(
            registry
                .get("sluice.gateway.requests")
                .tags("model", "iris", "version", "2", "outcome", "error")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("sluice.gateway.shadow")
                .tags("model", "iris", "version", "2", "outcome", "dropped")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void drainingWhileEightThreadsRecordLosesNothingAndCountsNothingTwice() throws Exception {
    int threads = 8;
    int perThread = 200_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> recorders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread recorder =
          new Thread(
              () -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                  // Every third request fails; latencies spread over many buckets.
                  Outcome outcome = i % 3 == 0 ? Outcome.ERROR : Outcome.OK;
                  counters.record("iris", 2, outcome, 10_000L + (i % 5_000) * 1_000L);
                  counters.recordComparison("iris", 2, i % 2 == 0);
                }
              });
      recorder.start();
      recorders.add(recorder);
    }
    AtomicBoolean recording = new AtomicBoolean(true);
    List<VersionSample> samples = new ArrayList<>();
    start.countDown();
    while (recording.get()) {
      VersionSample sample = counters.drain("iris", 2);
      samples.add(sample);
      recording.set(recorders.stream().anyMatch(Thread::isAlive));
    }
    samples.add(counters.drain("iris", 2));

    VersionSample total = samples.stream().reduce(VersionSample.empty(), VersionSample::plus);
    long requests = (long) threads * perThread;
    long errorsPerThread = (perThread + 2) / 3;
    assertThat(samples.size()).as("drains while recording").isGreaterThan(10);
    assertThat(total.requests()).isEqualTo(requests);
    assertThat(total.errors()).isEqualTo(threads * errorsPerThread);
    assertThat(total.latency().count()).isEqualTo(requests);
    assertThat(total.compared()).isEqualTo(requests);
    assertThat(total.agreed()).isEqualTo(requests / 2);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
