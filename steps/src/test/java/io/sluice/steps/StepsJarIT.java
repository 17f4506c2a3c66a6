package io.sluice.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/sluice-steps.jar} run as the local executor runs it: one {@code java
 * -jar} process per step, folders and metrics file in the environment, ONNX Runtime's native
 * library loaded from inside the fat jar.
 */
class StepsJarIT {

  private static final Path JAR = Path.of("target", "sluice-steps.jar");

  @TempDir Path run;

  @Test
  void fatJarRunsSplitTrainEvaluateAsSeparateProcesses() throws Exception {
    Path data = Iris.dataFolder(run);

    assertThat(
            java(
                Map.of(
                    "SLUICE_INPUT_DATA", data.toString(),
                    "SLUICE_OUTPUT_TRAIN", out("train"),
                    "SLUICE_OUTPUT_TEST", out("test")),
                "split"))
        .isZero();
    assertThat(
            java(
                Map.of("SLUICE_INPUT_TRAIN", out("train"), "SLUICE_OUTPUT_MODEL", out("model")),
                "train",
                "--algorithm",
                "fm"))
        .isZero();
    int evaluate =
        java(
            Map.of(
                "SLUICE_INPUT_MODEL", out("model"),
                "SLUICE_INPUT_TEST", out("test"),
                "SLUICE_OUTPUT_REPORT", out("report"),
                "SLUICE_METRICS_FILE", out("evaluate.json")),
            "evaluate");

    assertThat(evaluate).isZero();
    Map<?, ?> metrics = Json.read(Path.of(out("evaluate.json")), Map.class);
    assertThat(metrics.get("n_test")).isEqualTo(45);
    assertThat(((Number) metrics.get("accuracy")).doubleValue()).isGreaterThan(0.85);
  }

  @Test
  void fatJarExitsTwoWithAMessageOnBadFlags() throws Exception {
    int exitCode = java(Map.of(), "split", "--no-such-flag", "1");

    assertThat(exitCode).isEqualTo(2);
    assertThat(Files.readString(run.resolve("split.err"))).contains("unknown flag --no-such-flag");
  }

  private int java(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    assertThat(JAR).as("built by `package`").exists();
    Path tmp = Files.createDirectories(run.resolve("tmp"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
    builder.redirectOutput(run.resolve(args[0] + ".out").toFile());
    builder.redirectError(run.resolve(args[0] + ".err").toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the steps jar's " + args[0] + " ran over 5 minutes");
    }
    return process.exitValue();
  }

  private String out(String relative) {
    return run.resolve(relative).toString();
  }
}
