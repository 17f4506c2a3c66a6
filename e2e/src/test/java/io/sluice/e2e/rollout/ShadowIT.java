package io.sluice.e2e.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.rollout.InferenceTraffic.Answer;
import java.time.Duration;
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
 * A shadow rollout copies every request to the candidate and changes no answer: the clients get the
 * stable version's answers throughout, while the gateway scores the copies. The candidate here
 * labels rows differently from the stable version, so the comparison of the copies is what rolls it
 * back, and the event shows how many copies were scored and how they agreed. Then a candidate that
 * agrees passes its shadow window and is promoted: only from then on do clients get its answers.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadowIT {

  static final String MODEL = "rollout-shadow";

  /** One eight-second window mirroring every request; at least 90% of labels must agree. */
  private static final String SERVING =
      "{strategy: shadow, shadowPercent: 100, stepSeconds: 8,"
          + " analysis: {minRequests: 20, minAgreement: 0.9, maxLatencyP99Ratio: null,"
          + " failedChecksToRollback: 1}}";

  private static final int CLIENTS = 4;

  /** Answers this close to the promotion may have been routed before or after it. */
  private static final Duration EDGE = Duration.ofMillis(1500);

  private static final List<InferenceTraffic> traffics = new ArrayList<>();
  private static RolloutModel model;
  private static String candidates;
  private static String agreeing;
  private static int v1;

  @BeforeAll
  static void serveAGoodFirstVersion() {
    model = RolloutModel.named(MODEL);
    String first = model.registerPipeline("a", "good", "0.93", SERVING);
    candidates = model.registerPipeline("b", "disagreeing", "0.97", SERVING);
    agreeing = model.registerPipeline("c", "good", "0.98", SERVING);
    int mark = model.mark();
    v1 = model.produce(first).data().path("version").asInt();
    model.first("model.promoted", v1, mark);
  }

  @AfterAll
  static void stopTraffic() {
    traffics.forEach(InferenceTraffic::close);
  }

  private static InferenceTraffic traffic() {
    InferenceTraffic traffic = model.traffic(CLIENTS);
    traffics.add(traffic);
    return traffic;
  }

  @Test
  @Order(1)
  void shadowScoresCopiesOfEveryRequestAndNoClientAnswerComesFromTheCandidate() {
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    int mark = model.mark();

    int v2 = model.produce(candidates).data().path("version").asInt();
    Event started = model.first("rollout.started", v2, mark);
    Http.Response inFlight = model.rollout();
    Event rolledBack = model.ended(v2, mark);
    assertThat(rolledBack.type()).as(rolledBack.describe()).isEqualTo("model.rolled_back");
    // As many answers again after the rollback as the check below needs in a row.
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    traffic.close();

    assertThat(inFlight.status()).as(inFlight.describe()).isEqualTo(200);
    assertThat(inFlight.json().path("phase").asText()).as(inFlight.describe()).isEqualTo("SHADOW");
    assertThat(inFlight.json().path("shadowPercent").asInt()).isEqualTo(100);
    assertThat(inFlight.json().path("candidatePercent").asInt()).isZero();
    assertThat(started.data().path("trafficPercent").asInt()).isZero();

    JsonNode check = rolledBack.data().path("failedCheck");
    assertThat(check.path("name").asText()).as(rolledBack.describe()).isEqualTo("minAgreement");
    assertThat(check.path("observed").asDouble()).as(rolledBack.describe()).isEqualTo(0.0);
    assertThat(check.path("limit").asDouble()).isEqualTo(0.9);
    JsonNode copies = check.path("canary");
    assertThat(copies.path("requests").asLong()).as("copies scored").isGreaterThanOrEqualTo(20);
    assertThat(copies.path("errorRate").asDouble()).as("copies that failed").isZero();
    assertThat(copies.path("latencyP99Millis").asDouble()).as("copies' p99").isPositive();
    model.awaitAliases(Optional.of(v1), Optional.empty());

    List<Answer> during = traffic.between(started.time(), rolledBack.time());
    System.out.printf(
        "[e2e] %s: %d answers during the shadow, copies judged: %s%n", MODEL, during.size(), check);
    assertThat(during.size()).as("answers while the shadow ran").isGreaterThan(50);
    assertThat(traffic.answers())
        .as("every answer, before, during and after the shadow")
        .allMatch(a -> a.ok() && a.version().equals(Integer.toString(v1)), "200 from v" + v1);
  }

  @Test
  @Order(2)
  void agreeingCandidateIsPromotedAfterItsShadowAndOnlyThenAnswersClients() {
    InferenceTraffic traffic = traffic();
    Rollouts.awaitServedBy(traffic, MODEL, v1);
    int mark = model.mark();

    int v3 = model.produce(agreeing).data().path("version").asInt();
    Event started = model.first("rollout.started", v3, mark);
    Event promoted = model.ended(v3, mark);
    assertThat(promoted.type()).as(promoted.describe()).isEqualTo("model.promoted");
    Rollouts.awaitServedBy(traffic, MODEL, v3);
    traffic.close();

    assertThat(started.data().path("trafficPercent").asInt()).isZero();
    assertThat(promoted.data().path("previousVersion").asInt()).isEqualTo(v1);
    model.awaitAliases(Optional.of(v3), Optional.empty());
    List<Answer> shadowed = traffic.between(started.time(), promoted.time().minus(EDGE));
    System.out.printf(
        "[e2e] %s: %d answers while v%d was shadowed, then promoted%n", MODEL, shadowed.size(), v3);
    assertThat(shadowed.size()).as("answers while the shadow ran").isGreaterThan(50);
    assertThat(shadowed)
        .as("answers while v%d was only shadowed", v3)
        .allMatch(a -> a.ok() && a.version().equals(Integer.toString(v1)), "200 from v" + v1);
    assertThat(traffic.answers(a -> !a.ok())).as("failed requests").isEmpty();
  }
}
