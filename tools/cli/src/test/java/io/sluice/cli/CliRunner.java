package io.sluice.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built CLI (or the {@code ./sluice} script) as its own process, as a user would, so that
 * what it starts really outlives it.
 */
public final class CliRunner {

  /** The repository root; tests run in the module folder {@code tools/cli}. */
  public static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

  /** A generous bound so that a hang fails the build instead of blocking it. */
  private static final long TIMEOUT_MINUTES = 10;

  /** What one run printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {

    /** Both streams, for assertion messages. */
    public String describe() {
      return "exit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private final Map<String, String> env;
  private final Path outputDir;

  public CliRunner(Map<String, String> env, Path outputDir) {
    this.env = Map.copyOf(env);
    this.outputDir = outputDir;
  }

  /** Runs {@code io.sluice.cli.Main} from {@code target/classes} and {@code target/lib}. */
  public Result cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dsluice.repo=" + REPO);
    command.add("-cp");
    command.add("target/classes:target/lib/*");
    command.add("io.sluice.cli.Main");
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  /** Runs the repository's {@code ./sluice} script with extra environment variables. */
  public Result script(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(REPO.resolve("sluice").toString()));
    command.addAll(List.of(args));
    return run(command, extraEnv);
  }

  private Result run(List<String> command, Map<String, String> extraEnv)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile(outputDir, "cli", ".out");
    Path stderr = Files.createTempFile(outputDir, "cli", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> environment = new HashMap<>(env);
    environment.putAll(extraEnv);
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + TIMEOUT_MINUTES + " min");
    }
    return new Result(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** Ports that were free a moment ago, all different. */
  public static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
