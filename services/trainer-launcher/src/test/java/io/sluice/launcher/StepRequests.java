package io.sluice.launcher;

import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Valid {@code step.requested} payloads for tests, varied one field at a time. */
record StepRequests(
    String runId,
    String step,
    int attempt,
    List<String> argv,
    Map<String, String> env,
    List<StepInput> inputs,
    List<OutputTarget> outputs,
    long timeoutSeconds) {

  static final RetryPolicy THREE_TRIES = new RetryPolicy(3, 1, 2.0, 10);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A shell script step with no inputs or outputs and a generous timeout. */
  static StepRequests shell(String runId, String step, String script) {
    return new StepRequests(
        runId, step, 1, List.of("sh", "-c", script), Map.of(), List.of(), List.of(), 120);
  }

  StepRequests env(Map<String, String> value) {
    return new StepRequests(runId, step, attempt, argv, value, inputs, outputs, timeoutSeconds);
  }

  StepRequests inputs(List<StepInput> value) {
    return new StepRequests(runId, step, attempt, argv, env, value, outputs, timeoutSeconds);
  }

  StepRequests outputs(List<OutputTarget> value) {
    return new StepRequests(runId, step, attempt, argv, env, inputs, value, timeoutSeconds);
  }

  StepRequests timeoutSeconds(long value) {
    return new StepRequests(runId, step, attempt, argv, env, inputs, outputs, value);
  }

  StepRequested build() {
    return new StepRequested(
        runId,
        step,
        attempt,
        0,
        "local",
        null,
        argv,
        env,
        inputs,
        outputs,
        new Resources("1", "512Mi", 0, null),
        Instant.now().plus(Duration.ofMinutes(10)),
        timeoutSeconds,
        THREE_TRIES,
        randomSha256(),
        List.of());
  }

  /** A random sha256-shaped hex string, also a handy unique id. */
  static String randomSha256() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
