package io.sluice.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOwnershipTest {

  @TempDir Path home;

  private final TestProcesses processes = new TestProcesses();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  @Test
  void recognisesTheProcessWithItsMarkersAndStartTime() throws Exception {
    Process process = processes.withMarkers(home, "kafka");

    assertThat(new ProcessOwnership(home).find("kafka", TestProcesses.recordOf(process)))
        .get()
        .extracting(ProcessHandle::pid)
        .isEqualTo(process.pid());
  }

  @Test
  void rejectsAProcessWhoseCommandLineLacksTheMarkers() throws Exception {
    Process stranger = processes.stranger();

    assertThat(new ProcessOwnership(home).find("kafka", TestProcesses.recordOf(stranger)))
        .isEmpty();
  }

  @Test
  void rejectsTheMarkersOfAnotherComponent() throws Exception {
    Process s3 = processes.withMarkers(home, "s3");

    assertThat(new ProcessOwnership(home).find("kafka", TestProcesses.recordOf(s3))).isEmpty();
  }

  @Test
  void rejectsTheMarkersOfAnotherStateFolder() throws Exception {
    Process other = processes.withMarkers(home.resolve("other"), "kafka");

    assertThat(new ProcessOwnership(home).find("kafka", TestProcesses.recordOf(other))).isEmpty();
  }

  @Test
  void rejectsAProcessThatStartedAtAnotherTimeBecauseItsPidWasRecycled() throws Exception {
    PidRecord actual = TestProcesses.recordOf(processes.withMarkers(home, "kafka"));
    PidRecord older = as(actual, Duration.ofHours(1), actual.startTicks() - 3600 * 100);

    assertThat(new ProcessOwnership(home).find("kafka", older)).isEmpty();
  }

  @Test
  void recognisesItsProcessAfterTheWallClockMoved() throws Exception {
    PidRecord actual = withTicks(TestProcesses.recordOf(processes.withMarkers(home, "kafka")));
    // What Java reports as the start time moves with the wall clock (stepped, or a VM resumed).
    PidRecord beforeTheStep = as(actual, Duration.ofMinutes(30), actual.startTicks());

    assertThat(new ProcessOwnership(home).find("kafka", beforeTheStep)).isPresent();
  }

  @Test
  void rejectsAProcessWhoseTicksSinceBootDifferEvenAtTheSameStartTime() throws Exception {
    PidRecord actual = withTicks(TestProcesses.recordOf(processes.withMarkers(home, "kafka")));
    PidRecord recycled = as(actual, Duration.ZERO, actual.startTicks() + 1);

    assertThat(new ProcessOwnership(home).find("kafka", recycled)).isEmpty();
  }

  @Test
  void aPidFileWithoutTicksIsJudgedByTheStartTime() throws Exception {
    PidRecord actual = TestProcesses.recordOf(processes.withMarkers(home, "kafka"));
    PidRecord same = as(actual, Duration.ZERO, StartTicks.UNKNOWN);
    PidRecord older = as(actual, Duration.ofHours(1), StartTicks.UNKNOWN);

    assertThat(new ProcessOwnership(home).find("kafka", same)).isPresent();
    assertThat(new ProcessOwnership(home).find("kafka", older)).isEmpty();
  }

  @Test
  void readsTheTicksOfAProcessWhoseNameHoldsSpacesAndParentheses() throws Exception {
    assumeTrue(StartTicks.of(ProcessHandle.current().pid()) != StartTicks.UNKNOWN);
    Process process = processes.named(home, "a (b) c");

    assertThat(StartTicks.of(process.pid())).isPositive();
  }

  @Test
  void rejectsAPidThatIsNotRunning() throws Exception {
    Process process = processes.withMarkers(home, "kafka");
    PidRecord record = TestProcesses.recordOf(process);
    TestProcesses.kill(process);

    assertThat(new ProcessOwnership(home).find("kafka", record)).isEmpty();
  }

  /** {@code actual}'s record, its start time moved {@code earlier} and its ticks replaced. */
  private static PidRecord as(PidRecord actual, Duration earlier, long startTicks) {
    return new PidRecord(actual.pid(), actual.startedAt().minus(earlier), startTicks, 0);
  }

  private static PidRecord withTicks(PidRecord record) {
    assumeTrue(record.startTicks() != StartTicks.UNKNOWN, "ticks since boot need Linux' /proc");
    return record;
  }
}
