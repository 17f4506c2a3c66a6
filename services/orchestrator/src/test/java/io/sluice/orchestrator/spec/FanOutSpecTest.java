package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code fanOut} key: what registers, what is refused (with its line), and the hash. */
class FanOutSpecTest {

  private final SpecParser parser = new SpecParser();

  /** split (line 5), train fanned out (line 10, its fanOut value on line 13), select (line 19). */
  static final String SWEEP =
      """
      name: sweep
      trigger: {dataset: iris}
      params: {seed: 7}
      steps:
        - name: split
          image: img:1
          command: [split, "{{inputs.data}}", "{{outputs.train}}"]
          inputs: {data: dataset}
          outputs: [train]
        - name: train
          image: img:1
          fanOut:
            items: [{algorithm: logistic, epochs: "100"}, {algorithm: fm, epochs: "50"}]
            parallelism: 1
          command: [train, --algorithm, "{{item.algorithm}}", --epochs, "{{item.epochs}}",
                    --n, "{{item.index}}", "{{inputs.train}}", "{{outputs.model}}"]
          inputs: {train: split.train}
          outputs: [model]
        - name: select
          image: img:1
          command: [select, "--candidate={{item.algorithm}}={{inputs.model}}", "{{outputs.best}}"]
          inputs: {model: train.model}
          outputs: [best]
      """;

  static String sweep() throws Exception {
    return Files.readString(Path.of("../../examples/iris/pipeline-sweep.yaml"));
  }

  private void assertRefused(String yaml, int line, String problem) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void parsesItemsAndParallelism() throws Exception {
    FanOut fanOut = parser.parse(SWEEP).step("train").orElseThrow().fanOut();
    assertThat(fanOut.items())
        .containsExactly(
            Map.of("algorithm", "logistic", "epochs", "100"),
            Map.of("algorithm", "fm", "epochs", "50"));
    assertThat(fanOut.parallelism()).isEqualTo(1);
    assertThat(fanOut.over()).isNull();
    assertThat(fanOut.line()).as("where the fanOut value begins").isEqualTo(13);
    assertThat(parser.parse(SWEEP).step("select").orElseThrow().fanOut()).isNull();
  }

  @Test
  void theSweepExampleRegisters() throws Exception {
    PipelineSpec spec = parser.parse(sweep());
    assertThat(spec.step("train").orElseThrow().fanOut().parallelism()).isEqualTo(2);
    assertThat(spec.step("evaluate").orElseThrow().fanOut().over()).isEqualTo("train");
  }

  @Test
  void specsWithoutAFanOutKeepTheirVersions() throws Exception {
    // Pinned by the code before fanOut existed (CanonicalSpecTest has the same values).
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.iris())))
        .isEqualTo("b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4");
    assertThat(CanonicalSpec.json(parser.parse(SpecParserTest.iris()))).doesNotContain("fanOut");
  }

  @Test
  void theFanOutIsPartOfTheVersionButNotItsKeyOrder() throws Exception {
    String json = CanonicalSpec.json(parser.parse(SWEEP));
    assertThat(json)
        .contains(
            "\"fanOut\":{\"items\":[{\"algorithm\":\"logistic\",\"epochs\":\"100\"},"
                + "{\"algorithm\":\"fm\",\"epochs\":\"50\"}],\"parallelism\":1}");
    String reordered =
        SWEEP.replace("{algorithm: fm, epochs: \"50\"}", "{epochs: \"50\", algorithm: fm}");
    assertThat(CanonicalSpec.version(parser.parse(reordered)))
        .isEqualTo(CanonicalSpec.version(parser.parse(SWEEP)));
    String swapped =
        SWEEP.replace(
            "[{algorithm: logistic, epochs: \"100\"}, {algorithm: fm, epochs: \"50\"}]",
            "[{algorithm: fm, epochs: \"50\"}, {algorithm: logistic, epochs: \"100\"}]");
    assertThat(CanonicalSpec.version(parser.parse(swapped)))
        .as("item order numbers the instances")
        .isNotEqualTo(CanonicalSpec.version(parser.parse(SWEEP)));
    assertThat(CanonicalSpec.version(parser.parse(SWEEP.replace("      parallelism: 1\n", ""))))
        .isNotEqualTo(CanonicalSpec.version(parser.parse(SWEEP)));
  }

  @Test
  void refusesAFanOutWithNeitherOrBothOfItemsAndOver() {
    assertRefused(fanOut("{parallelism: 2}"), 12, "needs either 'items' or 'over'");
    assertRefused(fanOut("{items: [{a: b}], over: split}"), 12, "needs either 'items' or 'over'");
    assertRefused(fanOut("[{a: b}]"), 12, "fanOut must be a mapping");
    assertRefused(fanOut("{items: [{a: b}], parallel: 2}"), 12, "unknown key 'parallel'");
  }

  @Test
  void refusesMalformedItems() {
    assertRefused(fanOut("{items: []}"), 12, "must hold 1 to 100 items, got 0");
    assertRefused(fanOut("{items: {algorithm: fm}}"), 12, "items must be a list");
    assertRefused(fanOut("{items: [fm, logistic]}"), 12, "item 0 must be a mapping");
    assertRefused(fanOut("{items: [{}]}"), 12, "item 0 must hold 1 to 32 keys, got 0");
    assertRefused(fanOut("{items: [{algorithm: [fm]}]}"), 12, "item 0 algorithm must be a string");
    assertRefused(fanOut("{items: [{algorithm: ~}]}"), 12, "must be a string, number or boolean");
    assertRefused(fanOut("{items: [{Bad Key: x}]}"), 12, "item 0 key 'Bad Key' must match");
    assertRefused(fanOut("{items: [{index: '1'}]}"), 12, "key 'index' is reserved");
  }

  @Test
  void refusesOversizedAndHostileItems() {
    String many = "{items: [" + items(101) + "]}";
    assertRefused(fanOut(many), 12, "must hold 1 to 100 items, got 101");
    assertRefused(
        fanOut("{items: [{a: '" + "x".repeat(1025) + "'}]}"), 12, "has more than 1024 characters");
    assertRefused(fanOut("{items: [{a: '{{params.seed}}'}]}"), 12, "must not hold '{{' or '}}'");
    assertRefused(fanOut("{items: [{a: x}], parallelism: 0}"), 12, "between 1 and 100, got 0");
    assertRefused(fanOut("{items: [{a: x}], parallelism: many}"), 12, "must be an integer");
    assertRefused(fanOut("{items: [{a: x}], parallelism: 1000000}"), 12, "between 1 and 100");
  }

  @Test
  void refusesDuplicatedItemsAndKeys() {
    assertRefused(fanOut("{items: [{a: x}, {a: y}, {a: x}]}"), 12, "item 2 repeats item 0");
    assertRefused(fanOut("{items: [{a: x, a: y}]}"), 12, "duplicate key");
    assertRefused(
        SWEEP.replace("      parallelism: 1\n", "      parallelism: 1\n      parallelism: 2\n"),
        15,
        "duplicate key");
  }

  @Test
  void refusesAnItemPlaceholderThatAnItemLacks() {
    assertRefused(
        SWEEP.replace("{algorithm: fm, epochs: \"50\"}", "{algorithm: fm}"),
        13,
        "uses {{item.epochs}}, but item 1 of the fan-out of step 'train' has no 'epochs'");
    assertRefused(
        SWEEP.replace("\"{{inputs.train}}\"", "\"{{item.seed}}\""),
        13,
        "has no 'seed' (keys: [algorithm, epochs])");
    assertRefused(SWEEP.replace("{{item.index}}", "{{item.}}"), 16, "unknown placeholder");
  }

  @Test
  void refusesItemPlaceholdersOutsideAFanOut() {
    assertRefused(
        SpecParserTest.MINIMAL.replace("[train, ", "[train, \"{{item.algorithm}}\", "),
        10,
        "only a fanned-out step, or an argv item that names a fan-in input, has an item");
    assertRefused(
        SWEEP.replace("\"{{outputs.best}}\"]", "\"{{outputs.best}}\", \"{{item.algorithm}}\"]"),
        19,
        "only a fanned-out step, or an argv item that names a fan-in input");
    assertRefused(
        SWEEP.replace(
            "    outputs: [best]", "    outputs: [best]\n    env: {M: \"{{inputs.model}}\"}"),
        19,
        "env uses a fan-in input");
  }

  @Test
  void refusesOverThatNamesNoFanOutOrACycle() {
    assertRefused(overTrain("nothing"), 26, "fanOut over names unknown step 'nothing'");
    assertRefused(overTrain("split"), 26, "fanOut over names step 'split', which does not fan out");
    String cycle =
        overTrain("check")
            + """
              - name: check
                image: img:1
                fanOut: {over: evaluate}
                command: [check]
            """;
    assertRefused(cycle, 26, "fanOut over forms a cycle");
  }

  @Test
  void refusesAnInstanceReadingAnotherFanOut() {
    String other =
        SWEEP.replace(
            "  - name: select",
            "  - name: other\n    image: img:1\n    fanOut: {items: [{a: x}, {a: y}]}\n"
                + "    command: [other, \"{{inputs.model}}\"]\n    inputs: {model: train.model}\n"
                + "  - name: select");
    assertRefused(other, 23, "reads fanned-out step 'train' of another fan-out");
  }

  @Test
  void refusesAStepFanningInFromTwoFanOuts() {
    String two =
        SWEEP
            .replace(
                "  - name: select",
                "  - name: other\n    image: img:1\n    fanOut: {items: [{a: x}]}\n"
                    + "    command: [other]\n    outputs: [out]\n  - name: select")
            .replace(
                "inputs: {model: train.model}\n    outputs: [best]",
                "inputs: {model: train.model, out: other.out}\n    outputs: [best]");
    assertRefused(two, 27, "fans in from two fan-outs ('train' and 'other')");
  }

  @Test
  void refusesAModelFromAFannedOutStep() {
    String artifact = SWEEP + "model: {name: m, artifact: train.model, metrics: select}\n";
    assertRefused(artifact, 24, "model artifact names fanned-out step 'train'");
    String metrics = SWEEP + "model: {name: m, artifact: select.best, metrics: train}\n";
    assertRefused(metrics, 24, "model metrics names fanned-out step 'train'");
  }

  @Test
  void refusesMoreInstancesThanAPipelineMayHave() {
    StringBuilder yaml = new StringBuilder(SWEEP.replace("  - name: select", "  - name: s0"));
    yaml.setLength(yaml.indexOf("  - name: s0"));
    for (int step = 0; step < 11; step++) {
      yaml.append("  - name: s")
          .append(step)
          .append("\n    image: img:1\n    fanOut: {items: [")
          .append(items(100))
          .append("]}\n    command: [run]\n");
    }
    assertThatThrownBy(() -> parser.parse(yaml.toString()))
        .hasMessageContaining("add up to more than 1000 instances");
  }

  private static String fanOut(String value) {
    // Keeps the line count: the three fanOut lines become the value and two comments.
    return SWEEP
        .replace(
            "    fanOut:\n"
                + "      items: [{algorithm: logistic, epochs: \"100\"}, {algorithm: fm, epochs: \"50\"}]\n"
                + "      parallelism: 1\n",
            "    fanOut: " + value + "\n    #\n    #\n")
        .replace("\"{{item.algorithm}}\", --epochs, \"{{item.epochs}}\"", "x, --epochs, y")
        .replace("\"--candidate={{item.algorithm}}={{inputs.model}}\"", "\"{{inputs.model}}\"");
  }

  private static String items(int count) {
    StringBuilder items = new StringBuilder();
    for (int index = 0; index < count; index++) {
      items.append(index == 0 ? "" : ", ").append("{a: v").append(index).append('}');
    }
    return items.toString();
  }

  private static String overTrain(String over) {
    return SWEEP
        + """
          - name: evaluate
            image: img:1
            fanOut: {over: %s}
            command: [evaluate]
        """
            .formatted(over);
  }
}
