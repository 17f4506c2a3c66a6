package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules the records' constructors enforce beyond what the schemas say. */
class PayloadRulesTest {

  @Test
  void longLogTailKeepsItsEndWithinTheByteLimit() {
    String log = "start-of-log\n" + "x".repeat(20_000) + "\nTraceback: boom";

    StepFailed failed = failedWithLog(log);

    assertThat(failed.logTail().getBytes(StandardCharsets.UTF_8))
        .hasSize(StepFailed.MAX_LOG_TAIL_BYTES);
    assertThat(failed.logTail()).endsWith("\nTraceback: boom").doesNotContain("start-of-log");
  }

  @Test
  void logTailNeverSplitsAMultiByteCharacter() {
    String log = "é".repeat(StepFailed.MAX_LOG_TAIL_BYTES); // 2 bytes each

    String tail = failedWithLog("a" + log).logTail();

    assertThat(tail).matches("é+");
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(StepFailed.MAX_LOG_TAIL_BYTES);
  }

  @Test
  void shortLogTailIsKeptAsIsAndCuttingIsStable() {
    String cut = failedWithLog("y".repeat(50_000)).logTail();

    assertThat(failedWithLog("short log").logTail()).isEqualTo("short log");
    assertThat(failedWithLog(cut).logTail()).isEqualTo(cut);
  }

  @Test
  void listsAreCopiedSoLaterChangesToTheSourceDoNotLeakIn() {
    List<String> steps = new ArrayList<>(List.of("train"));
    Map<String, String> params = new HashMap<>(Map.of("epochs", "1"));
    RunStarted started = new RunStarted("r", "p", "v", "d", "dv", params, steps);

    steps.add("evaluate");
    params.put("epochs", "2");

    assertThat(started.steps()).containsExactly("train");
    assertThat(started.params()).containsEntry("epochs", "1");
    assertThatThrownBy(() -> started.steps().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullElementInAListIsRejectedWithItsIndex() {
    assertThatThrownBy(
            () -> new RunStarted("r", "p", "v", "d", "dv", Map.of(), Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("steps[1] must not be null");
  }

  @Test
  void nullCollectionsBecomeEmpty() {
    DataRejected rejected =
        new DataRejected("iris", "datasets", "iris/x/", RejectionReason.EMPTY_DROP, "empty", null);

    assertThat(rejected.objects()).isEmpty();
  }

  @Test
  void blankRequiredTextIsRejectedByName() {
    assertThatThrownBy(() -> new StepCancelRequested("run", " ", 1, 0, "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepName must not be blank");
  }

  @Test
  void labelColumnMustBeOneOfTheColumns() {
    DataArrived valid = Samples.dataArrived();

    assertThatThrownBy(
            () ->
                new DataArrived(
                    valid.datasetName(),
                    valid.versionId(),
                    valid.bucket(),
                    valid.prefix(),
                    valid.dropFolder(),
                    valid.completion(),
                    valid.objects(),
                    valid.rowCount(),
                    valid.columns(),
                    "colour"))
        .hasMessageContaining("labelColumn 'colour'");
  }

  @Test
  void arrivedDataNeedsTheHashOfEveryObject() {
    DataArrived valid = Samples.dataArrived();
    List<ObjectRef> unhashed =
        List.of(new ObjectRef("datasets", "iris/2026-11-22/a.csv", 1, null, null));

    assertThatThrownBy(
            () ->
                new DataArrived(
                    valid.datasetName(),
                    valid.versionId(),
                    valid.bucket(),
                    valid.prefix(),
                    valid.dropFolder(),
                    valid.completion(),
                    unhashed,
                    valid.rowCount(),
                    valid.columns(),
                    null))
        .hasMessage("objects[0].sha256 is required but was null");
  }

  @Test
  void datasetVersionIsTheManifestHashWhereverTheDropLies() {
    DataArrived arrived = Samples.dataArrived();
    List<ObjectRef> elsewhere =
        arrived.objects().stream()
            .map(
                o ->
                    new ObjectRef(
                        o.bucket(),
                        o.key().replace("2026-11-22", "again"),
                        o.size(),
                        o.eTag(),
                        o.sha256()))
            .toList();

    assertThat(DataArrived.versionOf("iris/again/", elsewhere)).isEqualTo(arrived.versionId());
    assertThat(arrived.versionId())
        .isEqualTo(
            FolderDigest.of(List.of(new FileDigest("iris.csv", 4551, Samples.sha256("iris.csv")))));
  }

  @Test
  void versionIdThatIsNotTheManifestHashIsRejected() {
    DataArrived valid = Samples.dataArrived();

    assertThatThrownBy(() -> arrivedWith(Samples.sha256("made up"), "iris/2026-11-22/"))
        .hasMessageContaining("is not the hash of the objects' manifest");
    assertThatThrownBy(() -> arrivedWith(valid.versionId(), "iris/2026-11-23/"))
        .hasMessageContaining("is not in the drop folder 'iris/2026-11-23/'");
  }

  @Test
  void hashesMustBeLowerCaseSha256Hex() {
    assertThatThrownBy(() -> new ArtifactRef("s3://a/m.onnx", "ABC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256 must be 64 lower-case hex digits");
  }

  @Test
  void metricsMustBeFinite() {
    assertThatThrownBy(
            () ->
                new ModelCandidate(
                    "m",
                    Samples.RUN,
                    Samples.artifact(),
                    Samples.signature(),
                    Map.of("loss", Double.NaN),
                    List.of(),
                    Samples.lineage(),
                    null))
        .hasMessageContaining("metrics['loss'] must be a finite number");
  }

  @Test
  void candidateLineageMustBeOfItsOwnRun() {
    assertThatThrownBy(
            () ->
                new ModelCandidate(
                    "m",
                    "another-run",
                    Samples.artifact(),
                    Samples.signature(),
                    Map.of(),
                    List.of(),
                    Samples.lineage(),
                    null))
        .hasMessageContaining("lineage.runId");
  }

  @Test
  void finishedBeforeStartedIsRejected() {
    assertThatThrownBy(
            () ->
                new StepFailed(
                    "r",
                    "s",
                    1,
                    0,
                    FailureReason.INTERNAL,
                    "m",
                    false,
                    null,
                    "",
                    Samples.T0,
                    Samples.T0.minusSeconds(1)))
        .hasMessageContaining("is before startedAt");
  }

  @Test
  void gateRuleNeedsABoundAndAdmitsWithinIt() {
    GateRule rule = new GateRule("accuracy", 0.9, 1.0);

    assertThat(rule.admits(0.95)).isTrue();
    assertThat(rule.admits(0.85)).isFalse();
    assertThatThrownBy(() -> new GateRule("accuracy", null, null))
        .hasMessageContaining("needs a min or a max");
  }

  @Test
  void ruleResultMustAgreeWithItsComparison() {
    assertThat(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, 0.95).passed()).isTrue();
    assertThat(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, null).passed()).isFalse();
    assertThatThrownBy(() -> new RuleResult("accuracy", Comparison.AT_MOST, 0.1, 0.5, true))
        .hasMessageContaining("says passed=true");
  }

  @Test
  void approvedVerdictCannotHaveAFailedRuleAndRejectedNeedsAReason() {
    List<RuleResult> failing = List.of(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.99, 0.9));

    assertThatThrownBy(() -> evaluated(Verdict.APPROVED, failing, List.of("looks fine")))
        .hasMessageContaining("APPROVED but a rule result did not pass");
    assertThatThrownBy(() -> evaluated(Verdict.REJECTED, failing, List.of()))
        .hasMessageContaining("REJECTED needs at least one reason");
    assertThat(evaluated(Verdict.REJECTED, failing, List.of("accuracy 0.9 < 0.99")).verdict())
        .isEqualTo(Verdict.REJECTED);
  }

  @Test
  void retryPolicyBacksOffExponentiallyUpToItsMaximum() {
    RetryPolicy policy = new RetryPolicy(5, 10, 2.0, 30);

    assertThat(policy.delayBefore(2)).hasSeconds(10);
    assertThat(policy.delayBefore(3)).hasSeconds(20);
    assertThat(policy.delayBefore(4)).hasSeconds(30);
    assertThat(policy.allowsAnotherAfter(4)).isTrue();
    assertThat(policy.allowsAnotherAfter(5)).isFalse();
    assertThat(RetryPolicy.NONE.allowsAnotherAfter(1)).isFalse();
  }

  @Test
  void secretsAreReferencedByAnEnvironmentName() {
    assertThatThrownBy(() -> new SecretRef("hf", "token", "HF TOKEN"))
        .hasMessageContaining("is not an environment name");
  }

  @Test
  void stepRequestRefusesTwoInputsOfTheSameName() {
    StepRequested valid = Samples.stepRequested();
    List<StepInput> twice = List.of(valid.inputs().get(0), valid.inputs().get(0));

    assertThatThrownBy(
            () ->
                new StepRequested(
                    valid.runId(),
                    valid.stepName(),
                    valid.attempt(),
                    valid.shardIndex(),
                    valid.image(),
                    valid.imageDigest(),
                    valid.argv(),
                    valid.env(),
                    twice,
                    valid.outputs(),
                    valid.resources(),
                    valid.deadline(),
                    valid.timeoutSeconds(),
                    valid.retryPolicy(),
                    valid.cacheKey(),
                    valid.secretRefs()))
        .hasMessage("inputs has 'data' twice");
  }

  @Test
  void gpuTypeWithoutGpusIsRejected() {
    assertThatThrownBy(() -> new Resources("1", "1Gi", 0, "nvidia-a100"))
        .hasMessageContaining("gpuCount is 0");
  }

  @Test
  void rolloutTrafficIsAPercentage() {
    assertThatThrownBy(
            () ->
                new RolloutProgressed(
                    "m", 2, 1, 101, RolloutPhase.CANARY, TrafficStats.NONE, TrafficStats.NONE))
        .hasMessageContaining("trafficPercent must be in [0, 100]");
  }

  @Test
  void aPersonMayApproveAgainstFailedRulesButTheGateAloneMayNot() {
    List<RuleResult> failed = List.of(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, 0.8));
    ModelEvaluated byGate = evaluated(Verdict.REJECTED, failed, List.of("accuracy 0.8 < 0.9"));
    ManualDecision decision = new ManualDecision("alice", "the test set is mislabeled");

    assertThatThrownBy(() -> evaluated(Verdict.APPROVED, failed, List.of("accuracy 0.8 < 0.9")))
        .hasMessageContaining("did not pass");
    assertThat(
            new ModelEvaluated(
                    byGate.modelName(),
                    byGate.version(),
                    byGate.artifact(),
                    byGate.signature(),
                    byGate.metrics(),
                    byGate.gate(),
                    Verdict.APPROVED,
                    failed,
                    List.of("approved by alice: the test set is mislabeled"),
                    byGate.lineage(),
                    null,
                    decision)
                .decision())
        .isEqualTo(decision);
  }

  @Test
  void rolloutStepsMustIncreaseWithinAHundredAndFitTheStrategy() {
    RolloutAnalysis analysis = RolloutAnalysis.DEFAULT;
    assertThatThrownBy(
            () -> new RolloutSpec(RolloutStrategy.CANARY, List.of(50, 10), 60, 0, analysis))
        .hasMessageContaining("increase strictly");
    assertThatThrownBy(
            () -> new RolloutSpec(RolloutStrategy.CANARY, List.of(10, 101), 60, 0, analysis))
        .hasMessageContaining("increase strictly");
    assertThatThrownBy(() -> new RolloutSpec(RolloutStrategy.CANARY, List.of(), 60, 0, analysis))
        .hasMessageContaining("at least one step");
    assertThatThrownBy(
            () -> new RolloutSpec(RolloutStrategy.IMMEDIATE, List.of(10), 60, 0, analysis))
        .hasMessageContaining("no steps");
    assertThatThrownBy(() -> new RolloutSpec(RolloutStrategy.SHADOW, List.of(), 60, 0, analysis))
        .hasMessageContaining("shadowPercent");
    assertThatThrownBy(() -> new RolloutSpec(RolloutStrategy.CANARY, List.of(10), 60, 20, analysis))
        .hasMessageContaining("shadow rollouts only");
    assertThatThrownBy(() -> new RolloutSpec(RolloutStrategy.CANARY, List.of(10), 0, 0, analysis))
        .hasMessageContaining("stepSeconds");
    assertThat(new RolloutSpec(RolloutStrategy.SHADOW, List.of(), 30, 100, analysis).steps())
        .isEmpty();
  }

  @Test
  void analysisLimitsAreSharesOrPositiveNumbers() {
    assertThatThrownBy(() -> new RolloutAnalysis(10, 1.5, null, null, null, null, 1))
        .hasMessageContaining("maxErrorRate must be in [0, 1]");
    assertThatThrownBy(() -> new RolloutAnalysis(10, null, -3.0, null, null, null, 1))
        .hasMessageContaining("maxLatencyP99Millis must be a positive number");
    assertThatThrownBy(() -> new RolloutAnalysis(10, null, null, null, Double.NaN, null, 1))
        .hasMessageContaining("maxLatencyP99Ratio");
    assertThatThrownBy(() -> new RolloutAnalysis(0, null, null, null, null, null, 1))
        .hasMessageContaining("minRequests");
    assertThatThrownBy(() -> new RolloutAnalysis(10, null, null, null, null, null, 0))
        .hasMessageContaining("failedChecksToRollback");
  }

  private static DataArrived arrivedWith(String versionId, String dropFolder) {
    DataArrived valid = Samples.dataArrived();
    return new DataArrived(
        valid.datasetName(),
        versionId,
        valid.bucket(),
        valid.prefix(),
        dropFolder,
        valid.completion(),
        valid.objects(),
        valid.rowCount(),
        valid.columns(),
        valid.labelColumn());
  }

  private static StepFailed failedWithLog(String log) {
    return new StepFailed(
        "r",
        "s",
        1,
        0,
        FailureReason.NONZERO_EXIT,
        "exit 1",
        true,
        1,
        log,
        Samples.T0,
        Samples.T0.plusSeconds(1));
  }

  private static ModelEvaluated evaluated(
      Verdict verdict, List<RuleResult> results, List<String> reasons) {
    return new ModelEvaluated(
        Samples.MODEL,
        4,
        Samples.artifact(),
        Samples.signature(),
        Samples.metrics(),
        Samples.gate(),
        verdict,
        results,
        reasons,
        Samples.lineage(),
        null,
        null);
  }
}
