package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTriggerTest {

  @Test
  void aRunStartedWithoutTriggerIsWrittenAsBefore() throws Exception {
    RunStarted started = new RunStarted("r", "p", "pv", "d", "dv", Map.of(), List.of("s"));

    JsonNode json = Json.mapper().valueToTree(started);

    assertThat(json.has("trigger")).isFalse();
    assertThat(Json.mapper().treeToValue(json, RunStarted.class)).isEqualTo(started);
  }

  @Test
  void eachKindWritesOnlyItsOwnFields() throws Exception {
    Instant tick = Instant.parse("2026-12-03T02:00:00Z");
    RunStarted started =
        new RunStarted(
            "r",
            "p",
            "pv",
            "d",
            "dv",
            Map.of(),
            List.of("s"),
            RunTrigger.schedule("nightly", tick));

    JsonNode trigger = Json.mapper().valueToTree(started).get("trigger");

    assertThat(trigger.size()).isEqualTo(3);
    assertThat(trigger.get("kind").asText()).isEqualTo("SCHEDULE");
    assertThat(trigger.get("schedule").asText()).isEqualTo("nightly");
    assertThat(Json.mapper().treeToValue(trigger, RunTrigger.class))
        .isEqualTo(RunTrigger.schedule("nightly", tick));
  }

  @Test
  void aManualRunNamesItsCallerAndWhatItRepeats() {
    assertThat(RunTrigger.retry("alice", "r1").retryOf()).isEqualTo("r1");
    assertThat(RunTrigger.rerun("alice", "r1").rerunOf()).isEqualTo("r1");
    assertThatThrownBy(
            () -> new RunTrigger(TriggerKind.MANUAL, null, null, null, null, null, null, null))
        .hasMessageContaining("caller is required");
  }

  @Test
  void fieldsOfAnotherKindAreRefused() {
    assertThatThrownBy(
            () -> new RunTrigger(TriggerKind.DATASET, "alice", null, null, null, null, null, null))
        .hasMessageContaining("caller is only for another kind");
    assertThatThrownBy(
            () -> new RunTrigger(TriggerKind.PIPELINE, null, null, null, "up", "r0", null, "r1"))
        .hasMessageContaining("only a MANUAL run");
  }

  @Test
  void aStepDoneFromTheCacheNamesItsOrigin() throws Exception {
    StepDone done = Samples.stepDone();
    assertThat(Json.mapper().valueToTree(done).has("cachedFrom")).isFalse();
    assertThat(done.cached()).isFalse();
    StepDone cached =
        new StepDone(
            done.runId(),
            done.stepName(),
            done.attempt(),
            done.shardIndex(),
            done.outputs(),
            done.metrics(),
            0,
            done.imageDigest(),
            done.startedAt(),
            done.finishedAt(),
            "cache",
            "orchestrator",
            new CachedFrom("r0", "train", 2));

    String json = Json.mapper().writeValueAsString(cached);

    assertThat(Json.mapper().readValue(json, StepDone.class)).isEqualTo(cached);
    assertThat(json)
        .contains("\"cachedFrom\":{\"runId\":\"r0\",\"stepName\":\"train\",\"attempt\":2}");
  }
}
