package io.sluice.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.gateway.config.RoutingConfig;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.inference.TestModels;
import io.sluice.gateway.protocol.V2Exception;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow pool with a fake scorer in place of the candidate's model, so that the candidate can
 * be made to hang, disagree or fail at will.
 */
class ShadowMirrorTest {

  private static final String[] STABLE = {"setosa"};

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VersionCounters counters = new VersionCounters(registry);
  private final ShadowMirror mirror = new ShadowMirror(counters, config(1, 2));
  private final ServedModel candidate = TestModels.loaded(TestModels.iris("iris", 2));
  private final CountDownLatch unblock = new CountDownLatch(1);

  @AfterEach
  void stop() {
    unblock.countDown();
    mirror.stop();
    candidate.retire();
  }

  @Test
  void callerReturnsWhileAFakeCandidateHangsAndCopiesBeyondThePoolAreDropped() {
    ShadowMirror.Scorer hangs =
        (model, body) -> {
          unblock.await(30, TimeUnit.SECONDS);
          return STABLE;
        };

    // One thread and a queue of two: the first copy runs (and hangs), two wait, two are dropped.
    // Every call below returns although the candidate never answers; the test thread would hang
    // here otherwise.
    for (int i = 0; i < 5; i++) {
      assertThat(candidate.tryAcquire()).isTrue();
      mirror.mirror("iris", candidate, new byte[0], STABLE, hangs);
    }

    assertThat(shadowCount("dropped")).isEqualTo(2);
    assertThat(counters.drain("iris", 2).compared()).isZero();
    unblock.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(shadowCount("agreed")).isEqualTo(3));
    VersionSample sample = counters.drain("iris", 2);
    assertThat(sample.compared()).isEqualTo(3);
    assertThat(sample.requests()).isEqualTo(3);
  }

  @Test
  void fakeCandidateThatAnswersOtherLabelsIsCountedAsDisagreeing() {
    assertThat(candidate.tryAcquire()).isTrue();

    mirror.mirror(
        "iris", candidate, new byte[0], STABLE, (model, body) -> new String[] {"virginica"});

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(shadowCount("disagreed")).isEqualTo(1));
    VersionSample sample = counters.drain("iris", 2);
    assertThat(sample.compared()).isEqualTo(1);
    assertThat(sample.agreed()).isZero();
    assertThat(sample.errors()).isZero();
  }

  @Test
  void fakeCandidateThatFailsOrRefusesTheRequestCountsErrorsAndReleasesItsReference() {
    for (Exception failure :
        new Exception[] {
          new IllegalStateException("boom"), V2Exception.badRequest("unknown input")
        }) {
      assertThat(candidate.tryAcquire()).isTrue();
      mirror.mirror(
          "iris",
          candidate,
          new byte[0],
          STABLE,
          (model, body) -> {
            throw failure;
          });
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        registry
                            .get("sluice.gateway.requests")
                            .tag("outcome", "error")
                            .timer()
                            .count())
                    .isEqualTo(2));
    VersionSample sample = counters.drain("iris", 2);
    assertThat(sample.requests()).isEqualTo(2);
    assertThat(sample.errors()).isEqualTo(2);
    assertThat(sample.compared()).isZero();
    candidate.retire();
    assertThat(candidate.isClosed()).as("every copy released its reference").isTrue();
  }

  private double shadowCount(String outcome) {
    return registry.get("sluice.gateway.shadow").tag("outcome", outcome).counter().count();
  }

  static RoutingConfig config(int threads, int queueSize) {
    return new RoutingConfig() {
      @Override
      public String stickyHeader() {
        return "X-Sluice-Routing-Key";
      }

      @Override
      public Shadow shadow() {
        return new Shadow() {
          @Override
          public int threads() {
            return threads;
          }

          @Override
          public int queueSize() {
            return queueSize;
          }
        };
      }
    };
  }
}
