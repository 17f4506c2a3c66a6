package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepLogKeysTest {

  @Test
  void logLiesBesideTheAttemptsOutputs() {
    assertThat(StepLogKeys.of("r1", "train", 2, 0)).isEqualTo("runs/r1/train/2/_logs/step.log");
  }

  @Test
  void eachShardHasItsOwnLog() {
    assertThat(StepLogKeys.of("r1", "train", 1, 3)).isEqualTo("runs/r1/train/1/_logs/step-3.log");
  }

  @Test
  void refusesAnAttemptBelowOne() {
    assertThatThrownBy(() -> StepLogKeys.of("r1", "train", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
