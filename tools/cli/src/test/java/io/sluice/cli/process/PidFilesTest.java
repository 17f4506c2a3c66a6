package io.sluice.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {

  @TempDir Path home;

  @Test
  void aWrittenRecordReadsBackUnchanged() {
    PidFiles pidFiles = new PidFiles(new StateDir(home));
    PidRecord record =
        new PidRecord(4242, Instant.parse("2026-11-22T10:15:30.120Z"), 987_654, 1234);

    pidFiles.write("kafka", record);

    assertThat(home.resolve("run/kafka.pid")).exists();
    assertThat(pidFiles.read("kafka")).contains(record);
  }

  @Test
  void aPidFileWrittenBeforeTicksWereKeptReadsWithUnknownTicks() throws Exception {
    Files.createDirectories(home.resolve("run"));
    Files.writeString(
        home.resolve("run/s3.pid"), "pid=12\nstarted=2026-11-22T10\\:15\\:30Z\nlogOffset=7\n");

    assertThat(new PidFiles(new StateDir(home)).read("s3"))
        .contains(new PidRecord(12, Instant.parse("2026-11-22T10:15:30Z"), StartTicks.UNKNOWN, 7));
  }

  @Test
  void aMissingPidFileReadsAsNothing() {
    assertThat(new PidFiles(new StateDir(home)).read("s3")).isEmpty();
  }

  @Test
  void aDamagedPidFileReadsAsNothing() throws Exception {
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("run/s3.pid"), "pid=12\nstarted=yesterday\n");

    assertThat(new PidFiles(new StateDir(home)).read("s3")).isEmpty();
  }

  @Test
  void deleteRemovesThePidFileAndToleratesItsAbsence() {
    PidFiles pidFiles = new PidFiles(new StateDir(home));
    pidFiles.write("s3", new PidRecord(1, Instant.EPOCH, StartTicks.UNKNOWN, 0));

    pidFiles.delete("s3");
    pidFiles.delete("s3");

    assertThat(home.resolve("run/s3.pid")).doesNotExist();
  }
}
