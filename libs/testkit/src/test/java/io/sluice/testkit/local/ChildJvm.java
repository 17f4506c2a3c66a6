package io.sluice.testkit.local;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main of this module run as its own JVM, on the classpath local mode uses: the module's jar plus
 * {@code target/lib/*} (see the failsafe configuration in the pom).
 */
final class ChildJvm implements AutoCloseable {

  /** Generous: a JVM starting next to a busy build on two cores can be slow. */
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private final long launched = System.nanoTime();

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::collectOutput, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Shares the test JVM's temporary folder, where PostgreSQL's binaries are already unpacked.
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.add("-cp");
    command.add(
        System.getProperty("sluice.testkit.jar")
            + File.pathSeparator
            + Path.of(System.getProperty("sluice.testkit.lib"), "*"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the first output line that starts with this prefix and returns it. */
  String awaitLine(String prefix) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> output.stream().filter(line -> line.startsWith(prefix)).findFirst(),
            line -> line.isPresent() || !process.isAlive())
        .orElseThrow(() -> new AssertionError("Exited without " + prefix + ": " + output));
  }

  /**
   * Sends SIGTERM and waits for the process to exit and its output to end; returns its exit status.
   * Signals through the process handle: {@link Process#destroy()} would also close the pipe and
   * lose what the process prints while it stops.
   */
  int terminate() throws InterruptedException {
    process.toHandle().destroy();
    return awaitExit();
  }

  /** Waits for the process to exit on its own and for its output to end; returns its status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("Still running: " + output);
    }
    reader.join(PATIENCE.toMillis());
    return process.exitValue();
  }

  long millisSinceLaunch() {
    return (System.nanoTime() - launched) / 1_000_000;
  }

  List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private void collectOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines.lines().forEach(output::add);
    } catch (IOException | UncheckedIOException e) {
      output.add("(output lost: " + e + ")");
    }
  }
}
