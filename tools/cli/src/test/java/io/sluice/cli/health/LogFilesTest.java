package io.sluice.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

  @TempDir Path dir;

  @Test
  void aReadyLineOfAnEarlierRunDoesNotCount() throws Exception {
    Path log = dir.resolve("s3.log");
    Files.writeString(log, "READY s3 http://localhost:9000\nSTOPPED s3\n");
    long offset = LogFiles.length(log);
    Files.writeString(log, "starting again\n", StandardOpenOption.APPEND);

    assertThat(LogFiles.hasLineAfter(log, 0, "READY s3 ")).isTrue();
    assertThat(LogFiles.hasLineAfter(log, offset, "READY s3 ")).isFalse();

    Files.writeString(log, "READY s3 http://localhost:9000\n", StandardOpenOption.APPEND);
    assertThat(LogFiles.hasLineAfter(log, offset, "READY s3 ")).isTrue();
  }

  @Test
  void aReadyLineMustStartTheLine() throws Exception {
    Path log = dir.resolve("postgres.log");
    Files.writeString(log, "WARN not READY postgres yet\n");

    assertThat(LogFiles.hasLineAfter(log, 0, "READY postgres ")).isFalse();
  }

  @Test
  void tailKeepsTheLastLines() throws Exception {
    Path log = dir.resolve("kafka.log");
    Files.writeString(log, "one\ntwo\nthree\nfour\n");

    assertThat(LogFiles.tail(log, 2)).containsExactly("three", "four");
  }

  @Test
  void aMissingLogIsEmpty() {
    Path log = dir.resolve("missing.log");

    assertThat(LogFiles.length(log)).isZero();
    assertThat(LogFiles.hasLineAfter(log, 0, "READY")).isFalse();
    assertThat(LogFiles.tail(log, 5)).isEmpty();
  }
}
