package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Json;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void pairsProbabilitiesWithTheirClassNames() throws Exception {
    var output =
        Json.mapper()
            .readTree(
                "{\"name\":\"probabilities\",\"parameters\":{\"class_names\":[\"setosa\","
                    + "\"versicolor\",\"virginica\"]},\"data\":[0.97,0.03,0.0]}");
    assertThat(DemoCommand.describe(output))
        .isEqualTo("setosa 0.9700, versicolor 0.0300, virginica 0.0000");
  }

  @Test
  void showsRawDataWhenClassNamesAreMissingOrDoNotFit() throws Exception {
    var labels = Json.mapper().readTree("{\"name\":\"label\",\"data\":[\"setosa\"]}");
    var mismatched =
        Json.mapper().readTree("{\"parameters\":{\"class_names\":[\"a\"]},\"data\":[0.5,0.5]}");
    assertThat(DemoCommand.describe(labels)).isEqualTo("[\"setosa\"]");
    assertThat(DemoCommand.describe(mismatched)).isEqualTo("[0.5,0.5]");
  }
}
