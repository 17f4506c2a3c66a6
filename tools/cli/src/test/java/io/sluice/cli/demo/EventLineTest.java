package io.sluice.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Json;
import org.junit.jupiter.api.Test;

class EventLineTest {

  @Test
  void shortensCloudEventTypes() {
    assertThat(EventLine.shortType("io.sluice.step.done.v1")).isEqualTo("step.done");
    assertThat(EventLine.shortType("io.sluice.model.rolled_back.v12"))
        .isEqualTo("model.rolled_back");
    assertThat(EventLine.shortType("something.else")).isEqualTo("something.else");
  }

  @Test
  void dataArrivedShowsVersionDropAndRows() throws Exception {
    var data =
        Json.mapper()
            .readTree(
                "{\"versionId\":\"77a6baedf75471c21e52\",\"dropFolder\":\"iris/2026-11-23/\","
                    + "\"rowCount\":150}");
    assertThat(EventLine.format(1.1, "io.sluice.data.arrived.v1", "iris", data))
        .contains("+1.100s")
        .contains("data.arrived")
        .contains("version=77a6baedf754 drop=iris/2026-11-23/ rows=150");
  }

  @Test
  void stepDoneShowsStepAttemptAndAtMostFourMetrics() throws Exception {
    var data =
        Json.mapper()
            .readTree(
                "{\"stepName\":\"select\",\"attempt\":1,\"exitCode\":0,\"metrics\":"
                    + "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}}");
    assertThat(EventLine.details("step.done", data))
        .isEqualTo("step=select attempt=1 metrics{a=1.000, b=2.000, c=3.000, d=4.000} exitCode=0");
  }

  @Test
  void rejectedEvaluationShowsVerdictAndReasons() throws Exception {
    var data =
        Json.mapper()
            .readTree(
                "{\"modelName\":\"iris-classifier\",\"version\":2,\"verdict\":\"REJECTED\","
                    + "\"metrics\":{\"accuracy\":0.8},\"reasons\":[\"too low\"]}");
    assertThat(EventLine.details("model.evaluated", data))
        .isEqualTo(
            "model=iris-classifier version=2 verdict=REJECTED accuracy=0.800 reasons=[\"too low\"]");
  }
}
