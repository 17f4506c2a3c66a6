package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void payloadOfEachTypeReportsThatType(EventType type) {
    EventData data = Samples.of(type);

    assertThat(data).isInstanceOf(type.dataClass());
    assertThat(data.eventType()).isEqualTo(type);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void ceTypeRoundTripsAndNamesTheVersion(EventType type) {
    assertThat(type.ceType()).isEqualTo("io.sluice." + type.typeName() + ".v1");
    assertThat(EventType.fromCeType(type.ceType())).contains(type);
  }

  @Test
  void eachTopicHoldsTheTypesOfTheArchitectureTable() {
    assertThat(typeNamesOn(Topics.DATA)).containsExactly("data.arrived", "data.rejected");
    assertThat(typeNamesOn(Topics.RUNS))
        .containsExactly(
            "run.started",
            "step.requested",
            "step.cancel_requested",
            "step.started",
            "step.heartbeat",
            "step.done",
            "step.failed",
            "step.skipped",
            "run.succeeded",
            "run.failed",
            "run.cancelled");
    assertThat(typeNamesOn(Topics.MODELS))
        .containsExactly(
            "model.candidate",
            "model.registered",
            "model.evaluated",
            "model.promoted",
            "model.rolled_back",
            "model.serve_requested",
            "model.alias_moved");
    assertThat(typeNamesOn(Topics.SERVING))
        .containsExactly("rollout.started", "rollout.progressed");
  }

  @Test
  void unknownCeTypesAreNotFound() {
    assertThat(EventType.fromCeType("io.sluice.step.done.v2")).isEmpty();
    assertThat(EventType.fromCeType(null)).isEmpty();
  }

  @Test
  void deadLetterTopicIsPerService() {
    assertThat(Topics.deadLetter("ingest")).isEqualTo("sluice.dlq.ingest");
    assertThatThrownBy(() -> Topics.deadLetter("Ingest Service"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static java.util.List<String> typeNamesOn(String topic) {
    return Arrays.stream(EventType.values())
        .filter(t -> t.topic().equals(topic))
        .map(EventType::typeName)
        .toList();
  }
}
