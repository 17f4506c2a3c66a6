package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.StepFailed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path dir;

  @Test
  void masksSecretValues() {
    LogTail tail = new LogTail(1024, List.of("hunter2", "tok-123"));

    assertThat(tail.of("password=hunter2 token tok-123 ok")).isEqualTo("password=*** token *** ok");
  }

  @Test
  void masksTheLongerOfOverlappingSecretsWhole() {
    LogTail tail = new LogTail(1024, List.of("abc", "abcdef"));

    assertThat(tail.of("x abcdef y")).isEqualTo("x *** y");
  }

  @Test
  void keepsOnlyTheEndWithinTheByteLimit() {
    assertThat(new LogTail(5, List.of()).of("0123456789")).isEqualTo("56789");
  }

  @Test
  void neverSplitsAMultiByteCharacter() {
    String tail = new LogTail(4, List.of()).of("aéééé"); // é is two UTF-8 bytes

    assertThat(tail).isEqualTo("éé");
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4);
  }

  @Test
  void neverExceedsTheEventsLimitWhateverIsConfigured() {
    String tail = new LogTail(1_000_000, List.of()).of("x".repeat(100_000));

    assertThat(tail).hasSize(StepFailed.MAX_LOG_TAIL_BYTES);
  }

  @Test
  void readsOnlyTheEndOfAHugeLogFileAndMasksASecretAtTheWindowEdge() throws Exception {
    Path log = dir.resolve("step.log");
    String secret = "very-secret-value";
    Files.writeString(log, "a".repeat(5_000_000) + secret + "b".repeat(90) + "\nthe error\n");

    String tail = new LogTail(100, List.of(secret)).of(log);

    assertThat(tail).endsWith("the error\n").doesNotContain("secret-value").doesNotContain("very-");
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100);
  }

  @Test
  void isEmptyWhenThereIsNoLog() throws Exception {
    assertThat(new LogTail(100, List.of()).of(dir.resolve("missing.log"))).isEmpty();
  }
}
