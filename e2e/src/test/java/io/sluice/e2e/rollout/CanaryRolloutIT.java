package io.sluice.e2e.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.rollout.InferenceTraffic.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A better version of a served model goes 10 → 50 → 100 under real traffic and becomes champion
 * with no failed request; then a person rolls it back by hand with {@code ./sluice models
 * rollback}; and the prediction log holds the sampled share of everything this model answered. One
 * model ({@value #MODEL}), its versions in order: v1 serves, v2 is the canary.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryRolloutIT {

  /** No dash: the platform sets this model's prediction log sample rate by environment variable. */
  static final String MODEL = "rolloutcanary";

  /** {@code SLUICE_GATEWAY_PREDICTION_LOG_MODELS__ROLLOUTCANARY__SAMPLE_RATE}, set by Platform. */
  static final double SAMPLE_RATE = 0.25;

  /**
   * Ten-second windows of at least 20 requests. The p99 ratio to the stable version is off: with
   * sub-millisecond latencies on a loaded machine it judges noise, and a noisy hold would repeat a
   * step (the latency checks have their own module tests).
   */
  private static final String SERVING =
      "{strategy: canary, steps: [10, 50], stepSeconds: 10,"
          + " analysis: {minRequests: 20, maxLatencyP99Ratio: null, failedChecksToRollback: 3}}";

  private static final int CLIENTS = 4;

  /** Answers this close to a weight change may have been routed by either weight. */
  private static final Duration EDGE = Duration.ofMillis(1500);

  private static final List<InferenceTraffic> traffics = new ArrayList<>();
  private static RolloutModel model;
  private static String candidates;
  private static int v1;
  private static int v2;

  @BeforeAll
  static void serveTheFirstVersion() {
    model = RolloutModel.named(MODEL);
    String first = model.registerPipeline("a", "good", "0.93", SERVING);
    candidates = model.registerPipeline("b", "good", "0.97", SERVING);
    int mark = model.mark();
    v1 = model.produce(first).data().path("version").asInt();
    // A model's first version has nothing to be compared with: it serves at once.
    model.first("model.promoted", v1, mark);
  }

  @AfterAll
  static void stopTraffic() {
    traffics.forEach(InferenceTraffic::close);
  }

  @Test
  @Order(1)
  void betterVersionGoesTenFiftyHundredUnderTrafficAndBecomesChampion() {
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    int mark = model.mark();

    v2 = model.produce(candidates).data().path("version").asInt();
    Event started = model.first("rollout.started", v2, mark);
    Event promoted = model.ended(v2, mark);
    assertThat(promoted.type()).as(promoted.describe()).isEqualTo("model.promoted");
    Rollouts.awaitServedBy(traffic, MODEL, v2);
    traffic.close();

    assertThat(started.data().path("stableVersion").asInt()).isEqualTo(v1);
    assertThat(promoted.data().path("previousVersion").asInt()).isEqualTo(v1);
    List<Event> progressed = model.events("rollout.progressed", v2, mark);
    List<Integer> weights = new ArrayList<>();
    weights.add(started.data().path("trafficPercent").asInt());
    progressed.forEach(e -> weights.add(e.data().path("trafficPercent").asInt()));
    assertThat(weights)
        .as("rollout.started, then each rollout.progressed")
        .containsExactly(10, 50, 100);
    assertThat(progressed).extracting(e -> e.text("phase")).containsExactly("CANARY", "PROMOTING");
    model.awaitAliases(Optional.of(v2), Optional.empty());

    assertThat(traffic.answers(a -> !a.ok())).as("failed requests").isEmpty();
    Instant fifty = progressed.get(0).time();
    assertShare(traffic.between(started.time().plus(EDGE), fifty.minus(EDGE)), 0.10, 0.02, 0.30);
    assertShare(
        traffic.between(fifty.plus(EDGE), progressed.get(1).time().minus(EDGE)), 0.50, 0.30, 0.70);
  }

  @Test
  @Order(2)
  void aPersonRollsThePromotedVersionBackAndTheGatewayServesThePreviousOneAgain() {
    assertThat(v2).as("the canary test promoted v2 first").isGreaterThan(v1);
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v2);
    int mark = model.mark();

    // As a person would: the CLI, with the admin token ./sluice up wrote.
    String printed =
        Platform.get()
            .sluice("models", "rollback", MODEL, "--reason", "e2e: v2 answers users wrongly");
    System.out.printf("[e2e] sluice models rollback %s printed: %s%n", MODEL, printed.strip());
    Event rolledBack = model.first("model.rolled_back", v2, mark);
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    traffic.close();

    assertThat(rolledBack.data().path("restoredVersion").asInt()).isEqualTo(v1);
    JsonNode decision = rolledBack.data().path("decision");
    assertThat(decision.path("reason").asText()).isEqualTo("e2e: v2 answers users wrongly");
    assertThat(decision.path("by").asText()).as(rolledBack.describe()).isNotBlank();
    assertThat(
            rolledBack.data().path("failedCheck").isMissingNode()
                || rolledBack.data().path("failedCheck").isNull())
        .as("a person's rollback names no failed check: %s", rolledBack.describe())
        .isTrue();
    model.awaitAliases(Optional.of(v1), Optional.empty());
    assertThat(traffic.answers(a -> !a.ok())).as("failed requests").isEmpty();
  }

  @Test
  @Order(3)
  void predictionLogHoldsTheSampledShareOfAnsweredRequestsWithVersionRequestIdAndLatency() {
    traffics.forEach(InferenceTraffic::close);
    long answered = traffics.stream().mapToLong(t -> t.answers(Answer::ok).size()).sum();
    double expected = SAMPLE_RATE * answered;
    // Five standard deviations of the binomial count: a correct log misses this about once in 1.7
    // million runs, and neither the default rate (1%) nor logging everything gets inside it.
    double slack = 5 * Math.sqrt(answered * SAMPLE_RATE * (1 - SAMPLE_RATE));
    assertThat(answered).as("requests answered").isGreaterThan(500);
    Platform platform = Platform.get();

    List<JsonNode> records =
        await("at least " + (long) (expected - slack) + " of " + answered + " answers logged")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> PredictionLog.records(platform.kafkaBootstrap(), MODEL),
                logged -> logged.size() >= expected - slack);

    System.out.printf(
        "[e2e] %s: %d of %d answers logged at rate %.2f (expected %.0f +- %.0f)%n",
        MODEL, records.size(), answered, SAMPLE_RATE, expected, slack);
    assertThat((double) records.size())
        .as("records logged of %d answered at rate %.2f", answered, SAMPLE_RATE)
        .isBetween(expected - slack, expected + slack);
    assertThat(records)
        .allSatisfy(
            r -> {
              assertThat(r.path("modelName").asText()).isEqualTo(MODEL);
              assertThat(r.path("version").asInt()).as(r.toString()).isIn(v1, v2);
              assertThat(r.path("requestId").asText()).as(r.toString()).isNotBlank();
              assertThat(r.path("latencyMillis").isNumber()).as(r.toString()).isTrue();
              assertThat(r.path("latencyMillis").asDouble()).as(r.toString()).isPositive();
            });
    assertThat(records).extracting(r -> r.path("version").asInt()).contains(v1, v2);
  }

  private static InferenceTraffic traffic() {
    InferenceTraffic traffic = model.traffic(CLIENTS);
    traffics.add(traffic);
    return traffic;
  }

  /** The share of answers from v2 lies within the bounds, and both versions answered. */
  private static void assertShare(List<Answer> answers, double weight, double low, double high) {
    String candidate = Integer.toString(v2);
    String stable = Integer.toString(v1);
    long fromCandidate = answers.stream().filter(a -> candidate.equals(a.version())).count();
    long fromStable = answers.stream().filter(a -> stable.equals(a.version())).count();
    System.out.printf(
        "[e2e] %s at weight %.2f: v%d answered %d of %d%n",
        MODEL, weight, v2, fromCandidate, fromCandidate + fromStable);
    assertThat(fromCandidate + fromStable).as("answers at %.0f%%", weight * 100).isGreaterThan(50);
    assertThat((double) fromCandidate / (fromCandidate + fromStable))
        .as(
            "v%d's share at weight %.2f: %d of %d",
            v2, weight, fromCandidate, fromCandidate + fromStable)
        .isBetween(low, high);
    assertThat(fromStable).as("answers from v%d at weight %.2f", v1, weight).isPositive();
  }
}
