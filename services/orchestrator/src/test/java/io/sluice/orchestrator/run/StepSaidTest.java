package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.FailureReason;
import io.sluice.events.StepFailed;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A failed step's own last words reach the run's view. */
class StepSaidTest {

  @Test
  void theLastNonBlankLineIsWhatTheStepSaid() {
    assertThat(StepSaid.lastLine("loading\nsluice-steps train: label column 'y' is missing\n\n"))
        .isEqualTo("sluice-steps train: label column 'y' is missing");
  }

  @Test
  void stackFramesAreSkippedForTheExceptionLine() {
    String log =
        "java.lang.IllegalStateException: boom\n"
            + "\tat io.x.Y.run(Y.java:3)\n"
            + "\tat io.x.Main.main(Main.java:9)\n"
            + "\t... 3 more\n";

    assertThat(StepSaid.lastLine(log)).isEqualTo("java.lang.IllegalStateException: boom");
  }

  @Test
  void aLongOrControlCharacterLineIsBoundedAndCleaned() {
    assertThat(StepSaid.lastLine("\u001b[31merror\u001b[0m: bad\r\n"))
        .isEqualTo("[31merror[0m: bad");
    assertThat(StepSaid.lastLine("e".repeat(10_000))).hasSize(StepSaid.MAX_CHARS + 3);
    assertThat(StepSaid.lastLine("")).isEmpty();
    assertThat(StepSaid.lastLine("\n \n\t\n")).isEmpty();
  }

  @Test
  void aNonZeroExitCarriesTheStepsMessageOtherReasonsDoNot() {
    StepFailure exit = StepFailure.of(failed(FailureReason.NONZERO_EXIT, "exit code 2"));
    StepFailure oom = StepFailure.of(failed(FailureReason.OOM_KILLED, "out of memory"));
    StepFailure silent =
        StepFailure.of(
            new StepFailed(
                "r",
                "s",
                1,
                0,
                FailureReason.NONZERO_EXIT,
                "exit code 1",
                true,
                1,
                "",
                null,
                Instant.EPOCH));

    assertThat(exit.text())
        .isEqualTo("NONZERO_EXIT: exit code 2: usage: train --train <dir> --model <dir>");
    assertThat(oom.text()).isEqualTo("OOM_KILLED: out of memory");
    assertThat(silent.text()).isEqualTo("NONZERO_EXIT: exit code 1");
  }

  private static StepFailed failed(FailureReason reason, String message) {
    return new StepFailed(
        "r",
        "s",
        1,
        0,
        reason,
        message,
        false,
        2,
        "starting\nusage: train --train <dir> --model <dir>\n",
        null,
        Instant.EPOCH);
  }
}
