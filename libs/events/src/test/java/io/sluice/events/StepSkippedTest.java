package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepSkippedTest {

  @Test
  void aFalseConditionNamesTheExpressionAndTheValuesItReadInOrder() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("evaluate.metrics.accuracy", "0.81");
    values.put("params.baseline", "0.9");

    StepSkipped skipped =
        StepSkipped.byCondition("r", "register", "evaluate.metrics.accuracy >= 0.9", values);

    assertThat(skipped.reason())
        .isEqualTo(
            "when: evaluate.metrics.accuracy >= 0.9 was false"
                + " (evaluate.metrics.accuracy = 0.81, params.baseline = 0.9)");
    assertThat(skipped.skippedUpstream()).isNull();
  }

  @Test
  void anUpstreamSkipNamesTheUpstreamStepAndLeavesOutTheConditionFields() {
    StepSkipped skipped = StepSkipped.byUpstream("r", "deploy", "register");

    JsonNode json = Json.mapper().valueToTree(skipped);

    assertThat(skipped.reason()).isEqualTo("upstream step register was skipped");
    assertThat(json.get("skippedUpstream").asText()).isEqualTo("register");
    assertThat(json.get("condition").isNull()).isTrue();
  }

  @Test
  void refusesNeitherOrBothCauses() {
    assertThatThrownBy(() -> new StepSkipped("r", "s", null, Map.of(), null, "why"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StepSkipped("r", "s", "true", Map.of(), "up", "why"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRunSucceededWithACandidateIsWrittenAsBefore() throws Exception {
    RunSucceeded succeeded = new RunSucceeded("r", "p", "pv", "d", "dv");

    JsonNode json = Json.mapper().valueToTree(succeeded);

    assertThat(json.has("noCandidate")).isFalse();
    assertThat(json.size()).isEqualTo(5);
    assertThat(Json.mapper().treeToValue(json, RunSucceeded.class)).isEqualTo(succeeded);
  }

  @Test
  void aRunSucceededWithoutItsCandidateSaysWhy() throws Exception {
    RunSucceeded succeeded =
        new RunSucceeded("r", "p", "pv", "d", "dv", "step 'train' was skipped");

    JsonNode json = Json.mapper().valueToTree(succeeded);

    assertThat(json.get("noCandidate").asText()).isEqualTo("step 'train' was skipped");
    assertThat(Json.mapper().treeToValue(json, RunSucceeded.class)).isEqualTo(succeeded);
  }
}
