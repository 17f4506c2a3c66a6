package io.sluice.e2e.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.LogsOnFailure;
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
 * Candidates that are worse than the champion are rolled back by the gateway's own analysis after
 * the configured number of failed windows, while the champion keeps serving: one that fails every
 * request it gets (the clients see failures only on the canary's share of their requests, and only
 * while the canary is in place), then one that answers, but slowly.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryRollbackIT {

  static final String MODEL = "rollout-rollback";

  /** Two failed eight-second windows of at least 20 candidate requests roll back. */
  private static final String SERVING =
      "{strategy: canary, steps: [10, 50], stepSeconds: 8,"
          + " analysis: {minRequests: 20, maxLatencyP99Ratio: null, failedChecksToRollback: 2}}";

  /**
   * The same, with a fixed p99 limit the slow model (tens of milliseconds per row at the least)
   * cannot meet and the good one (well under a millisecond of work) meets even on a loaded machine.
   */
  private static final String SERVING_WITH_LATENCY_LIMIT =
      "{strategy: canary, steps: [10, 50], stepSeconds: 8,"
          + " analysis: {minRequests: 20, maxLatencyP99Millis: 15, maxLatencyP99Ratio: null,"
          + " failedChecksToRollback: 2}}";

  private static final int CLIENTS = 4;
  private static final double CANARY_SHARE = 0.10;

  /** How far before its event a move may already route requests, and after it still answer. */
  private static final Duration EDGE = Duration.ofSeconds(2);

  private static RolloutModel model;
  private static String failing;
  private static String slow;
  private static int v1;
  private static final List<InferenceTraffic> traffics = new ArrayList<>();

  @BeforeAll
  static void serveAGoodFirstVersion() {
    model = RolloutModel.named(MODEL);
    String first = model.registerPipeline("a", "good", "0.93", SERVING);
    failing = model.registerPipeline("b", "failing", "0.97", SERVING);
    slow = model.registerPipeline("c", "slow", "0.97", SERVING_WITH_LATENCY_LIMIT);
    int mark = model.mark();
    v1 = model.produce(first).data().path("version").asInt();
    model.first("model.promoted", v1, mark);
  }

  @AfterAll
  static void stopTraffic() {
    traffics.forEach(InferenceTraffic::close);
  }

  @Test
  @Order(1)
  void failingCandidateIsRolledBackOnItsErrorRateWhileTheChampionKeepsServing() {
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    int mark = model.mark();

    int v2 = model.produce(failing).data().path("version").asInt();
    Event started = model.first("rollout.started", v2, mark);
    Event rolledBack = model.ended(v2, mark);
    assertThat(rolledBack.type()).as(rolledBack.describe()).isEqualTo("model.rolled_back");
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    traffic.close();

    assertThat(rolledBack.data().path("restoredVersion").asInt()).isEqualTo(v1);
    JsonNode check = rolledBack.data().path("failedCheck");
    assertThat(check.path("name").asText()).as(rolledBack.describe()).isEqualTo("maxErrorRate");
    assertThat(check.path("observed").asDouble()).as(rolledBack.describe()).isEqualTo(1.0);
    assertThat(check.path("limit").asDouble()).as(rolledBack.describe()).isEqualTo(0.05);
    assertThat(check.path("canary").path("requests").asLong()).isGreaterThanOrEqualTo(20);
    assertThat(check.path("canary").path("errorRate").asDouble()).isEqualTo(1.0);
    assertThat(check.path("stable").path("errorRate").asDouble()).isEqualTo(0.0);
    assertHeldOnceThenRolledBack(started, v2, mark);
    model.awaitAliases(Optional.of(v1), Optional.empty());
    assertFailuresOnlyOnTheCanarysShare(traffic, v2, started.time(), rolledBack.time());
  }

  @Test
  @Order(2)
  void slowCandidateIsRolledBackOnItsLatencyWhileTheChampionKeepsServing() {
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    int mark = model.mark();

    int v3 = model.produce(slow).data().path("version").asInt();
    Event started = model.first("rollout.started", v3, mark);
    Event rolledBack = model.ended(v3, mark);
    assertThat(rolledBack.type()).as(rolledBack.describe()).isEqualTo("model.rolled_back");
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    traffic.close();

    assertThat(rolledBack.data().path("restoredVersion").asInt()).isEqualTo(v1);
    JsonNode check = rolledBack.data().path("failedCheck");
    assertThat(check.path("name").asText())
        .as(rolledBack.describe())
        .isEqualTo("maxLatencyP99Millis");
    assertThat(check.path("observed").asDouble()).as(rolledBack.describe()).isGreaterThan(15.0);
    assertThat(check.path("limit").asDouble()).isEqualTo(15.0);
    assertThat(check.path("canary").path("errorRate").asDouble()).isZero();
    System.out.printf("[e2e] %s v%d rolled back: %s%n", MODEL, v3, check);
    assertHeldOnceThenRolledBack(started, v3, mark);
    model.awaitAliases(Optional.of(v1), Optional.empty());
    assertThat(traffic.answers(a -> !a.ok())).as("failed requests").isEmpty();
  }

  private static void assertHeldOnceThenRolledBack(Event started, int version, int mark) {
    List<Integer> weights = new ArrayList<>();
    weights.add(started.data().path("trafficPercent").asInt());
    model
        .events("rollout.progressed", version, mark)
        .forEach(e -> weights.add(e.data().path("trafficPercent").asInt()));
    assertThat(weights)
        .as(
            "started at 10%, held at 10% after the first failed window, back to 0% after the second")
        .containsExactly(10, 10, 0);
  }

  private static InferenceTraffic traffic() {
    InferenceTraffic traffic = model.traffic(CLIENTS);
    traffics.add(traffic);
    return traffic;
  }

  private static void assertFailuresOnlyOnTheCanarysShare(
      InferenceTraffic traffic, int v2, Instant started, Instant ended) {
    Instant from = started.minus(EDGE);
    Instant to = ended.plus(EDGE);
    List<Answer> failed = traffic.answers(a -> !a.ok());
    assertThat(failed).as("failures outside the canary").allMatch(a -> a.within(from, to));
    assertThat(failed)
        .as("failures answered by the candidate")
        .isNotEmpty()
        .allMatch(a -> a.version().equals(Integer.toString(v2)), "from v" + v2);
    long during = traffic.between(from, to).size();
    double bound =
        CANARY_SHARE * during + 4 * Math.sqrt(during * CANARY_SHARE * (1 - CANARY_SHARE)) + 5;
    System.out.printf(
        "[e2e] %s v%d: %d failed of %d requests while the canary was in place (bound %.0f)%n",
        MODEL, v2, failed.size(), during, bound);
    assertThat((double) failed.size())
        .as("failed of %d requests while the canary was in place", during)
        .isLessThanOrEqualTo(bound);
  }
}
