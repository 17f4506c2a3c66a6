package io.sluice.e2e.platform;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built CLI ({@code tools/cli/target/sluice-cli-*.jar} with {@code target/lib}) run as a child
 * process, as {@code ./sluice} runs it, with the state folder and ports in its environment.
 */
final class Cli {

  /** What one command printed and returned. */
  record Result(List<String> args, int exitCode, String output) {

    boolean succeeded() {
      return exitCode == 0;
    }

    String describe() {
      return "sluice " + String.join(" ", args) + " exited " + exitCode + ":\n" + output;
    }
  }

  private final Path repo;
  private final Map<String, String> env;
  private final Path outputDir;

  Cli(Path repo, Map<String, String> env, Path outputDir) {
    this.repo = repo;
    this.env = Map.copyOf(env);
    this.outputDir = outputDir;
  }

  Result run(Duration timeout, String... args) {
    try {
      Path output = Files.createTempFile(outputDir, "cli-" + args[0] + "-", ".out");
      Process process = start(output, List.of(args));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "sluice " + String.join(" ", args) + " did not finish within " + timeout);
      }
      return new Result(
          List.of(args), process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running sluice " + args[0], e);
    }
  }

  private Process start(Path output, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dsluice.repo=" + repo);
    command.add("-cp");
    command.add(cliJar() + File.pathSeparator + repo.resolve("tools/cli/target/lib") + "/*");
    command.add("io.sluice.cli.Main");
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // A developer's own SLUICE_* settings must not move the test platform onto their ports.
    builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private Path cliJar() throws IOException {
    Path target = repo.resolve("tools/cli/target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("sluice-cli-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the CLI is not built in " + target));
    }
  }
}
