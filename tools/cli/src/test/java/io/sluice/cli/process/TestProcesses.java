package io.sluice.cli.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real, harmless processes for tests, all destroyed (with their children) by {@link #close()}. */
public final class TestProcesses implements AutoCloseable {

  private final List<Process> started = new ArrayList<>();

  /** A process that carries no sluice markers at all. */
  public Process stranger() throws IOException {
    return start(List.of("sleep", "300"));
  }

  /**
   * A process whose command line carries the markers of {@code component} under {@code home}, with
   * a child of its own (bash waits for {@code sleep}).
   */
  public Process withMarkers(Path home, String component) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "-c", "sleep 300; true"));
    command.addAll(JavaCommand.markers(home, component));
    return start(command);
  }

  /** What {@code up} would have written for {@code process}. */
  public static PidRecord recordOf(Process process) {
    return new PidRecord(process.pid(), ProcessOwnership.startTime(process.toHandle()), 0);
  }

  private Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(process);
    return process;
  }

  @Override
  public void close() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
