package io.sluice.cli.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    return withChild(start(command));
  }

  /** A process whose command line mentions {@code argument}, as a postmaster names its data. */
  public Process mentioning(String argument) throws IOException {
    return withChild(start(List.of("bash", "-c", "sleep 300; true", argument)));
  }

  /**
   * A {@code sleep} whose command name (what {@code /proc/<pid>/stat} shows in parentheses) is
   * {@code name}, through a link of that name in {@code folder}.
   */
  public Process named(Path folder, String name) throws IOException {
    Path link = Files.createSymbolicLink(folder.resolve(name), Path.of("/bin/sleep"));
    return start(List.of(link.toString(), "300"));
  }

  /** What {@code up} would have written for {@code process}. */
  public static PidRecord recordOf(Process process) {
    return PidRecord.of(process.toHandle(), 0);
  }

  /** Kills {@code process} and its children now, and waits until it is gone. */
  public static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " outlived SIGKILL for 30 s");
    }
  }

  /**
   * Waits until bash has started its child: killing the tree earlier could miss a child forked in
   * between, which would then outlive the test.
   */
  private static Process withChild(Process process) {
    await().until(() -> process.children().findAny().isPresent());
    return process;
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
