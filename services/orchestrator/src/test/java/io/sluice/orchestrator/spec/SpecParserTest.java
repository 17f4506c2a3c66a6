package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.GateRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SpecParserTest {

  private final SpecParser parser = new SpecParser();

  static final String MINIMAL =
      """
      name: demo
      trigger: {dataset: iris}
      params: {seed: 7}
      steps:
        - name: split
          image: img:1
          command: [split, "{{inputs.data}}", "{{outputs.train}}", --seed, "{{params.seed}}"]
          inputs: {data: dataset}
          outputs: [train]
        - name: train
          image: img:1
          command: [train, "{{inputs.train}}"]
          inputs: {train: split.train}
          outputs: [model]
      """;

  static String iris() throws IOException {
    return Files.readString(Path.of("../../examples/iris/pipeline.yaml"));
  }

  private void assertRefused(String yaml, int line, String problem) {
    ThrowingCallable parse = () -> parser.parse(yaml);
    assertThatThrownBy(parse)
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void parsesTheIrisExampleWithDefaultsApplied() throws Exception {
    PipelineSpec spec = parser.parse(iris());
    assertThat(spec.name()).isEqualTo("iris");
    assertThat(spec.triggerDataset()).isEqualTo("iris");
    assertThat(spec.params()).containsEntry("steps_jar", "steps/target/sluice-steps.jar");
    assertThat(spec.stepNames())
        .containsExactly(
            "split", "train-logistic", "train-fm", "evaluate-logistic", "evaluate-fm", "select");
    StepSpec evaluate = spec.step("evaluate-fm").orElseThrow();
    assertThat(evaluate.resources()).isEqualTo(ResourceSpec.DEFAULT);
    assertThat(evaluate.retries()).isZero();
    assertThat(evaluate.timeoutSeconds()).isEqualTo(300);
    assertThat(spec.model().gate())
        .singleElement()
        .satisfies(r -> assertThat(r.min()).isEqualTo(0.9));
  }

  @Test
  void readsResourcesWithGpuAndTimeouts() throws Exception {
    String yaml =
        MINIMAL.replace(
            "    outputs: [model]",
            "    outputs: [model]\n    resources: {cpu: 2, memory: 4Gi, gpu: {count: 1, type: nvidia-h100}}\n    timeout: 1h30m\n    retries: 3");
    StepSpec train = parser.parse(yaml).step("train").orElseThrow();
    assertThat(train.resources()).isEqualTo(new ResourceSpec("2", "4Gi", 1, "nvidia-h100"));
    assertThat(train.timeoutSeconds()).isEqualTo(5400);
    assertThat(train.retries()).isEqualTo(3);
  }

  @Test
  void refusesACycleNamingItsSteps() {
    String yaml = MINIMAL.replace("inputs: {data: dataset}", "inputs: {data: train.model}");
    assertRefused(yaml, 5, "cycle");
  }

  @Test
  void refusesAnInputNamingAnUnknownStep() {
    assertRefused(MINIMAL.replace("split.train}", "splitt.train}"), 13, "unknown step 'splitt'");
  }

  @Test
  void refusesAnInputNamingAnUnknownOutput() {
    assertRefused(MINIMAL.replace("split.train}", "split.trian}"), 13, "has no output 'trian'");
  }

  @Test
  void refusesAMalformedInputReference() {
    assertRefused(MINIMAL.replace("split.train}", "split}"), 13, "'<step>.<output>'");
  }

  @Test
  void refusesADuplicateStepName() {
    assertRefused(
        MINIMAL.replace("- name: train", "- name: split"), 10, "duplicate step name 'split'");
  }

  @Test
  void refusesAnUnknownParamPlaceholder() {
    assertRefused(MINIMAL.replace("{{params.seed}}", "{{params.nope}}"), 7, "no param 'nope'");
  }

  @Test
  void refusesAnInputPlaceholderThatIsNotAnInput() {
    assertRefused(
        MINIMAL.replace("[train, \"{{inputs.train}}\"]", "[train, \"{{inputs.x}}\"]"),
        12,
        "no input 'x'");
  }

  @Test
  void refusesAnOutputPlaceholderThatIsNotAnOutput() {
    assertRefused(
        MINIMAL.replace("\"{{outputs.train}}\"", "\"{{outputs.model}}\""), 7, "no output 'model'");
  }

  @Test
  void refusesAnUnknownPlaceholderNamespace() {
    assertRefused(
        MINIMAL.replace("{{params.seed}}", "{{secrets.seed}}"),
        7,
        "unknown placeholder {{secrets.seed}}");
  }

  @Test
  void refusesAnUnclosedPlaceholder() {
    assertRefused(
        MINIMAL.replace("\"{{params.seed}}\"", "\"{{params.seed\""), 7, "unclosed placeholder");
  }

  @Test
  void refusesAPlaceholderInEnvThatNamesNothing() {
    String yaml =
        MINIMAL.replace(
            "    outputs: [model]", "    outputs: [model]\n    env: {SEED: \"{{params.other}}\"}");
    assertRefused(yaml, 15, "no param 'other'");
  }

  private static String withModel(String gate) {
    return MINIMAL
        + "model:\n  name: m\n  artifact: train.model\n  metrics: train\n  gate:\n"
        + gate;
  }

  @Test
  void acceptsAGateWithMinAndMax() throws Exception {
    PipelineSpec spec =
        parser.parse(
            withModel("    - {metric: accuracy, min: 0.9}\n    - {metric: loss, max: 1}\n"));
    assertThat(spec.model().gate()).hasSize(2);
    assertThat(spec.model().gate().get(1).max()).isEqualTo(1.0);
  }

  @Test
  void acceptsAChampionRuleAloneOrWithBounds() throws Exception {
    PipelineSpec spec =
        parser.parse(
            withModel(
                "    - {metric: accuracy, minGainOverChampion: 0.0}\n"
                    + "    - {metric: f1, min: 0.8, minGainOverChampion: -0.01}\n"
                    + "    - {metric: loss, max: 1}\n"));

    assertThat(spec.model().gate())
        .containsExactly(
            new GateRule("accuracy", null, null, 0.0),
            new GateRule("f1", 0.8, null, -0.01),
            new GateRule("loss", null, 1.0));
  }

  @Test
  void refusesAChampionRuleWithANonNumericGain() {
    assertRefused(
        withModel(
            "    - {metric: accuracy, min: 0.9}\n    - {metric: f1, minGainOverChampion: x}\n"),
        21,
        "gate minGainOverChampion of 'f1' must be a number");
  }

  @Test
  void refusesAChampionRuleWithANonFiniteGain() {
    assertRefused(
        withModel("    - {metric: accuracy, minGainOverChampion: .nan}\n"),
        20,
        "must be a finite decimal number");
    assertRefused(
        withModel("    - {metric: accuracy, minGainOverChampion: .inf}\n"),
        20,
        "must be a finite decimal number");
  }

  @Test
  void refusesAGateWithAnUnknownComparison() {
    assertRefused(withModel("    - {metric: accuracy, gt: 0.9}\n"), 20, "unknown comparison 'gt'");
  }

  @Test
  void refusesAGateWithoutMinOrMax() {
    assertRefused(
        withModel("    - {metric: accuracy}\n"),
        20,
        "gate rule for 'accuracy' needs a min or a max, or a minGainOverChampion");
  }

  @Test
  void refusesAGateWithANonNumericBound() {
    assertRefused(withModel("    - {metric: accuracy, min: high}\n"), 20, "must be a number");
  }

  @Test
  void refusesAGateWithMinAboveMax() {
    assertRefused(withModel("    - {metric: accuracy, min: 0.9, max: 0.5}\n"), 20, "above max");
  }

  @Test
  void refusesAModelArtifactThatIsNoOutput() {
    String yaml = MINIMAL + "model:\n  name: m\n  artifact: train.weights\n  metrics: train\n";
    assertRefused(yaml, 17, "has no output 'weights'");
  }

  @Test
  void refusesModelMetricsOfAnUnknownStep() {
    String yaml = MINIMAL + "model:\n  name: m\n  artifact: train.model\n  metrics: eval\n";
    assertRefused(yaml, 18, "unknown step 'eval'");
  }

  @Test
  void refusesMalformedYamlWithItsLine() {
    assertRefused("name: demo\ntrigger: {dataset: iris\nsteps: []\n", 3, "malformed YAML");
  }

  @Test
  void refusesWrongTypes() {
    assertRefused(
        MINIMAL.replace("outputs: [train]", "outputs: train"), 9, "outputs must be a list");
    assertRefused(
        MINIMAL.replace("    outputs: [model]", "    outputs: [model]\n    retries: many"),
        15,
        "must be an integer");
    assertRefused(
        MINIMAL.replace("trigger: {dataset: iris}", "trigger: iris"), 2, "must be a mapping");
    assertRefused("- just\n- a list\n", 1, "the pipeline must be a mapping");
  }

  @Test
  void refusesUnknownAndDuplicateKeys() {
    assertRefused(
        MINIMAL.replace(
            "  image: img:1\n    command: [train", "  imgae: img:1\n    command: [train"),
        11,
        "unknown key 'imgae'");
    assertRefused(
        MINIMAL.replace("params: {seed: 7}", "params: {seed: 7}\nparams: {seed: 8}"),
        4,
        "duplicate key 'params'");
  }

  @Test
  void refusesMissingRequiredKeys() {
    assertRefused(
        MINIMAL.replace("    image: img:1\n    command: [train", "    command: [train"),
        10,
        "needs 'image'");
    assertRefused("name: demo\ntrigger: {dataset: iris}\n", 1, "needs 'steps'");
  }

  @Test
  void refusesABadTimeoutAndRetries() {
    assertRefused(
        MINIMAL.replace("    outputs: [model]", "    outputs: [model]\n    timeout: soon"),
        15,
        "timeout must look like");
    assertRefused(
        MINIMAL.replace("    outputs: [model]", "    outputs: [model]\n    retries: 99"),
        15,
        "between 0 and 10");
  }

  @Test
  void refusesABillionLaughsBomb() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char level = 'b'; level <= 'h'; level++) {
      char previous = (char) (level - 1);
      yaml.append(level).append(": &").append(level).append(" [");
      for (int i = 0; i < 6; i++) {
        yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      yaml.append("]\n");
    }
    ThrowingCallable parse = () -> parser.parse(yaml.toString());
    assertThatThrownBy(parse).isInstanceOf(SpecException.class).hasMessageContaining("YAML nodes");
  }

  @Test
  void refusesTooManyAliases() {
    StringBuilder yaml = new StringBuilder("name: demo\nx: &x [1]\ny: [");
    for (int i = 0; i < 60; i++) {
      yaml.append(i == 0 ? "" : ", ").append("*x");
    }
    yaml.append("]\n");
    assertRefused(yaml.toString(), 0, "aliases");
  }

  @Test
  void refusesAnOversizedSpec() {
    String yaml = MINIMAL + "#" + "x".repeat(SpecParser.MAX_CHARS) + "\n";
    assertRefused(yaml, 0, "more than");
  }

  @Test
  void refusesJavaTypeTagsAsWrongTypes() {
    assertRefused(
        MINIMAL.replace("name: demo", "name: !!javax.script.ScriptEngineManager [x]"),
        1,
        "Global tag is not allowed");
  }

  @Test
  void refusesHostileNames() {
    assertRefused(
        MINIMAL.replace("- name: train", "- name: ../../etc"),
        10,
        "step name '../../etc' must match");
    assertRefused(
        MINIMAL
            .replace("outputs: [train]", "outputs: [\"a b\"]")
            .replace("split.train", "split.a b"),
        9,
        "output name 'a b'");
  }

  @Test
  void refusesAnEmptySpecAndEmptySteps() {
    assertRefused("", 1, "empty");
    assertRefused("name: demo\ntrigger: {dataset: iris}\nsteps: []\n", 3, "must not be empty");
  }

  @Test
  void refusesControlCharactersInValuesButKeepsTabsAndLineBreaks() throws Exception {
    assertRefused(MINIMAL.replace("{seed: 7}", "{seed: \"7\\0\"}"), 3, "control character");
    assertRefused(MINIMAL.replace("image: img:1", "image: \"img:1\\x07\""), 6, "control");
    assertThatThrownBy(() -> parser.parse(MINIMAL.replace("seed: 7", "seed: 7\u0000")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("special characters are not allowed");

    PipelineSpec spec =
        parser.parse(MINIMAL.replace("command: [train,", "command: [\"sh\\t-c\\nx\","));
    assertThat(spec.step("train").orElseThrow().command()).first().isEqualTo("sh\t-c\nx");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "[".repeat(50) + "]".repeat(50);
    assertThatThrownBy(() -> parser.parse(MINIMAL.replace("{seed: 7}", "{seed: " + deep + "}")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("Nesting Depth exceeded");
  }
}
