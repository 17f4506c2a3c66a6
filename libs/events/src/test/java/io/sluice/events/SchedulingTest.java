package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingTest {

  private static StepRequested withoutScheduling() {
    StepRequested sample = Samples.stepRequested();
    return new StepRequested(
        sample.runId(),
        sample.stepName(),
        sample.attempt(),
        sample.shardIndex(),
        sample.image(),
        sample.imageDigest(),
        sample.argv(),
        sample.env(),
        sample.inputs(),
        sample.outputs(),
        sample.resources(),
        sample.deadline(),
        sample.timeoutSeconds(),
        sample.retryPolicy(),
        sample.cacheKey(),
        sample.secretRefs());
  }

  @Test
  void requestWithoutSchedulingIsWrittenWithoutTheFieldAndReadsBack() throws Exception {
    StepRequested request = withoutScheduling();

    JsonNode json = Json.mapper().valueToTree(request);
    StepRequested read = Json.mapper().treeToValue(json, StepRequested.class);

    assertThat(json.has("scheduling")).isFalse();
    assertThat(read).isEqualTo(request);
    assertThat(read.scheduling()).isNull();
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, json)).isEmpty();
  }

  @Test
  void requestWithSchedulingRoundTripsAndValidates() throws Exception {
    StepRequested request = Samples.stepRequested();

    JsonNode json = Json.mapper().valueToTree(request);

    assertThat(Json.mapper().treeToValue(json, StepRequested.class)).isEqualTo(request);
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, json)).isEmpty();
  }

  @Test
  void tolerationIsReadAndWrittenTheWayKubectlWritesTaints() {
    assertThat(StepToleration.parse("dedicated=ml:NoSchedule"))
        .isEqualTo(new StepToleration("dedicated", "ml", "NoSchedule"));
    assertThat(StepToleration.parse("nvidia.com/gpu:NoExecute"))
        .isEqualTo(new StepToleration("nvidia.com/gpu", null, "NoExecute"));
    assertThat(StepToleration.parse("a=:PreferNoSchedule").value()).isNull();
    assertThat(StepToleration.parse("dedicated=ml:NoSchedule").text())
        .isEqualTo("dedicated=ml:NoSchedule");
    for (String bad : List.of("gpu", ":NoSchedule", "gpu:Sometimes", "=x:NoSchedule", "")) {
      assertThatThrownBy(() -> StepToleration.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void tolerationNeedsAKnownEffectAndAKey() {
    assertThatThrownBy(() -> new StepToleration("gpu", null, "Sometimes"))
        .hasMessageContaining("effect")
        .hasMessageContaining("Sometimes");
    assertThatThrownBy(() -> new StepToleration(" ", null, "NoSchedule"))
        .hasMessageContaining("key");
    assertThat(new Scheduling(null, 0, null, null).nodeSelector()).isEqualTo(Map.of());
    assertThat(new Scheduling(null, 0, null, null).tolerations()).isEqualTo(List.of());
  }
}
