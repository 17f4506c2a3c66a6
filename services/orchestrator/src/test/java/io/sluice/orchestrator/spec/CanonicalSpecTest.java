package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void formattingCommentsAndKeyOrderDoNotChangeTheVersion() throws Exception {
    String reformatted =
        """
        # the same pipeline, written differently
        trigger:
          dataset: iris     # what starts it
        params:
          seed: 7
        name: demo
        steps:
          - image: img:1
            name: split
            outputs:
              - train
            inputs:
              data: dataset
            command:
              - split
              - "{{inputs.data}}"
              - "{{outputs.train}}"
              - --seed
              - "{{params.seed}}"
          - {name: train, image: "img:1", command: [train, "{{inputs.train}}"],
             inputs: {train: split.train}, outputs: [model], retries: 0, timeout: 1h,
             resources: {cpu: "1", memory: 1Gi}}
        """;
    PipelineSpec original = parser.parse(SpecParserTest.MINIMAL);
    assertThat(CanonicalSpec.version(parser.parse(reformatted)))
        .isEqualTo(CanonicalSpec.version(original))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void aChangedParamDefaultIsANewVersion() throws Exception {
    PipelineSpec original = parser.parse(SpecParserTest.MINIMAL);
    PipelineSpec changed = parser.parse(SpecParserTest.MINIMAL.replace("seed: 7", "seed: 8"));
    assertThat(CanonicalSpec.version(changed)).isNotEqualTo(CanonicalSpec.version(original));
  }

  @Test
  void theCanonicalJsonHasSortedKeysAndAppliedDefaults() throws Exception {
    String json = CanonicalSpec.json(parser.parse(SpecParserTest.MINIMAL));
    assertThat(json).startsWith("{\"name\":\"demo\",\"params\":{\"seed\":\"7\"},\"steps\":[");
    assertThat(json).contains("\"retries\":0", "\"timeoutSeconds\":3600", "\"memory\":\"1Gi\"");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isEqualTo(CanonicalSpec.sha256(json));
  }

  /** Versions registered before {@code retryBackoff} existed, computed by that code. */
  @Test
  void specsWithoutABackoffKeepTheVersionsTheyWereRegisteredWith() throws Exception {
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    String withRetries =
        SpecParserTest.MINIMAL.replace(
            "    outputs: [model]", "    outputs: [model]\n    retries: 3\n    timeout: 10m");
    assertThat(CanonicalSpec.version(parser.parse(withRetries)))
        .isEqualTo("32f0892428acd27f107a9fc1cbc89779e895c4bec7267c30c403c8d7eed884c4");
    assertThat(CanonicalSpec.json(parser.parse(withRetries))).doesNotContain("retryBackoff");
  }

  /** Versions registered before {@code minGainOverChampion} existed, computed by that code. */
  @Test
  void gatesWithoutAChampionRuleKeepTheVersionsTheyWereRegisteredWith() throws Exception {
    PipelineSpec gated = parser.parse(gated("    - {metric: accuracy, min: 0.9}\n"));
    assertThat(CanonicalSpec.version(gated))
        .isEqualTo("174b0dcfe46f23115a4a4807c0ae6b82a3c4f1afc0849554722710b4eae82c70");
    assertThat(CanonicalSpec.json(gated)).doesNotContain("minGainOverChampion");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.iris())))
        .isEqualTo("b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4");
  }

  @Test
  void aChampionRuleIsPartOfTheVersion() throws Exception {
    PipelineSpec plain = parser.parse(gated("    - {metric: accuracy, min: 0.9}\n"));
    PipelineSpec notWorse =
        parser.parse(gated("    - {metric: accuracy, min: 0.9, minGainOverChampion: 0}\n"));
    PipelineSpec better =
        parser.parse(gated("    - {metric: accuracy, min: 0.9, minGainOverChampion: 0.01}\n"));

    assertThat(CanonicalSpec.version(notWorse))
        .isNotEqualTo(CanonicalSpec.version(plain))
        .isNotEqualTo(CanonicalSpec.version(better));
    assertThat(CanonicalSpec.json(notWorse))
        .contains("{\"metric\":\"accuracy\",\"min\":0.9,\"minGainOverChampion\":0.0}");
  }

  private static String gated(String rules) {
    return SpecParserTest.MINIMAL
        + "model:\n  name: m\n  artifact: train.model\n  metrics: train\n  gate:\n"
        + rules
        + "    - {metric: loss, max: 1}\n";
  }

  @Test
  void aBackoffIsPartOfTheVersionWithItsDefaultsApplied() throws Exception {
    String retries = "    outputs: [model]\n    retries: 3\n";
    PipelineSpec without =
        parser.parse(SpecParserTest.MINIMAL.replace("    outputs: [model]\n", retries));
    PipelineSpec short_ =
        parser.parse(
            SpecParserTest.MINIMAL.replace(
                "    outputs: [model]\n", retries + "    retryBackoff: {initial: 10s}\n"));
    PipelineSpec spelledOut =
        parser.parse(
            SpecParserTest.MINIMAL.replace(
                "    outputs: [model]\n",
                retries + "    retryBackoff: {initial: 10s, factor: 2, max: 1h}\n"));
    assertThat(CanonicalSpec.version(short_))
        .isNotEqualTo(CanonicalSpec.version(without))
        .isEqualTo(CanonicalSpec.version(spelledOut));
    assertThat(CanonicalSpec.json(short_))
        .contains("\"retryBackoff\":{\"factor\":2.0,\"initialSeconds\":10,\"maxSeconds\":3600}");
  }
}
