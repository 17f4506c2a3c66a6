package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCaptureTest {

  @TempDir Path folder;

  private String capture(String output, long limit, int keptTail) throws Exception {
    Path log = folder.resolve("step.log");
    new LogCapture(limit, keptTail)
        .copy(new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), log);
    return Files.readString(log);
  }

  @Test
  void outputWithinTheLimitIsCopiedExactly() throws Exception {
    assertThat(capture("line 1\nline 2\n", 100, 10)).isEqualTo("line 1\nline 2\n");
  }

  @Test
  void emptyOutputLeavesAnEmptyLog() throws Exception {
    assertThat(capture("", 100, 10)).isEmpty();
  }

  @Test
  void outputPastTheLimitKeepsTheHeadANoteAndTheTail() throws Exception {
    String output = "HEAD-" + "x".repeat(1_000) + "-TAIL";

    String log = capture(output, 5, 5);

    assertThat(log).startsWith("HEAD-\n[sluice] step log truncated at 5 bytes: 1,000 bytes left");
    assertThat(log).endsWith("the last 5 bytes follow\n-TAIL");
  }

  @Test
  void overflowSmallerThanTheKeptTailLosesNothing() throws Exception {
    String log = capture("0123456789", 4, 100);

    assertThat(log).startsWith("0123\n[sluice] step log truncated at 4 bytes: 0 bytes left out");
    assertThat(log).endsWith("follow\n456789");
  }

  @Test
  void appendsToWhatTheLogAlreadyHolds() throws Exception {
    Files.writeString(folder.resolve("step.log"), "earlier\n");

    assertThat(capture("now\n", 100, 10)).isEqualTo("earlier\nnow\n");
  }

  @Test
  void negativeLimitsAreRefused() {
    assertThatThrownBy(() -> new LogCapture(-1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A real command printing far more than the limit: the log file stays bounded. */
  @Test
  void aStepPrintingWithoutEndCannotGrowItsLogPastTheLimit() throws Exception {
    Path log = folder.resolve("step.log");
    StepProcess process =
        StepProcess.start(
            List.of("sh", "-c", "yes spam | head -c 5000000; echo last words"),
            Map.of("PATH", System.getenv("PATH")),
            folder,
            log,
            100_000,
            List.of());

    assertThat(process.await(Duration.ofMinutes(1))).isEqualTo(StepProcess.End.EXITED);

    assertThat(Files.size(log)).isLessThan(100_000 + StepProcess.KEPT_LOG_TAIL_BYTES + 200);
    String text = Files.readString(log);
    assertThat(text).contains("[sluice] step log truncated at 100,000 bytes");
    assertThat(text).endsWith("last words\n");
  }
}
