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
}
