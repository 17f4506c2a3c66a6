package io.sluice.steps;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The outcome of one in-process step run through {@link Main}, as the local executor would see it.
 *
 * @param exitCode the exit status
 * @param out what the step printed on stdout
 * @param err what the step printed on stderr
 */
public record StepRun(int exitCode, String out, String err) {

  /** Runs the step with no environment. */
  public static StepRun of(String... args) {
    return withEnv(Map.of(), args);
  }

  /** Runs the step with the given environment (the step contract's SLUICE_* variables). */
  public static StepRun withEnv(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = new Main().run(args, env, outStream, errStream);
    }
    return new StepRun(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
