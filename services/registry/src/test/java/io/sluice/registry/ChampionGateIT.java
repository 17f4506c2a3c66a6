package io.sluice.registry;

import static io.sluice.registry.Candidates.candidate;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static io.sluice.registry.ChampionAlias.awaitChampion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.RuleResult;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gate rules with {@code minGainOverChampion} compare a candidate with the serving champion. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ChampionGateIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<GateRule> NOT_WORSE =
      List.of(new GateRule("accuracy", null, null, 0.0));
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void candidateWorseThanTheChampionIsRejectedAndABetterOneApproved() throws Exception {
    String model = uniqueModel();
    crownChampion(model, Map.of("accuracy", 0.95));

    bus.send(candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.93), NOT_WORSE)));
    ModelEvaluated worse = awaitEvaluated(model, 2);

    assertThat(worse.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(worse.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, 0.93, false));
    assertThat(worse.reasons())
        .containsExactly("metric 'accuracy' = 0.93 fails >= 0.95 (champion v1 0.95 + 0.0)");

    bus.send(candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.96), NOT_WORSE)));
    ModelEvaluated better = awaitEvaluated(model, 3);

    assertThat(better.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(better.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, 0.96, true));
    assertThat(better.gate()).isEqualTo(NOT_WORSE);
  }

  @Test
  void firstCandidateWithoutAChampionIsApproved() throws Exception {
    String model = uniqueModel();

    bus.send(candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.5), NOT_WORSE)));
    ModelEvaluated evaluated = awaitEvaluated(model, 1);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(evaluated.results()).isEmpty();
    assertThat(evaluated.reasons())
        .containsExactly("metric 'accuracy': no champion yet to compare with");
  }

  @Test
  void championWithoutTheMetricRejectsTheCandidate() throws Exception {
    String model = uniqueModel();
    crownChampion(model, Map.of("f1_macro", 0.95));

    bus.send(candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.99), NOT_WORSE)));
    ModelEvaluated evaluated = awaitEvaluated(model, 2);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(evaluated.results()).isEmpty();
    assertThat(evaluated.reasons())
        .singleElement()
        .asString()
        .contains("cannot be compared with champion v1");
  }

  /** Registers version 1 of {@code model} with {@code metrics} and promotes it to champion. */
  private static void crownChampion(String model, Map<String, Double> metrics) throws Exception {
    String metric = metrics.keySet().iterator().next();
    ModelCandidate first =
        candidate(model, uniqueRun(), metrics, List.of(new GateRule(metric, 0.0, null)));
    bus.send(candidateEvent(first));
    assertThat(awaitEvaluated(model, 1).verdict()).isEqualTo(Verdict.APPROVED);

    bus.send(promotion(model, 1, null, first.artifact()));
    awaitChampion(model, 1);
  }

  /** The evaluation of {@code version}, once it arrived. */
  private static ModelEvaluated awaitEvaluated(String model, int version) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                bus.events(model, ModelEvaluated.class).stream()
                    .filter(e -> e.version() == version)
                    .findFirst(),
            found -> found.isPresent())
        .orElseThrow();
  }
}
