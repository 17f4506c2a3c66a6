package io.sluice.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterReaperTest {

  @TempDir Path dataDir;

  private final TestProcesses processes = new TestProcesses();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private void writePostmasterPid(long pid) throws Exception {
    // The first two lines of PostgreSQL's postmaster.pid: the pid and the data folder.
    Files.writeString(dataDir.resolve("postmaster.pid"), pid + "\n" + dataDir + "\n1700000000\n");
  }

  @Test
  void findsTheServerThatServesTheDataFolder() throws Exception {
    Process server = processes.mentioning(dataDir.toString());
    writePostmasterPid(server.pid());

    assertThat(PostmasterReaper.find(dataDir)).map(ProcessHandle::pid).contains(server.pid());
  }

  @Test
  void ignoresARecycledPidWhoseCommandLineNamesAnotherFolder() throws Exception {
    Process stranger = processes.mentioning(dataDir.resolve("other").toString());
    writePostmasterPid(stranger.pid());

    assertThat(PostmasterReaper.find(dataDir)).isEmpty();
  }

  @Test
  void findsNothingWithoutAPostmasterPidFile() {
    assertThat(PostmasterReaper.find(dataDir)).isEmpty();
  }

  @Test
  void findsNothingInADamagedPostmasterPidFile() throws Exception {
    Files.writeString(dataDir.resolve("postmaster.pid"), "");

    assertThat(PostmasterReaper.find(dataDir)).isEmpty();
  }
}
