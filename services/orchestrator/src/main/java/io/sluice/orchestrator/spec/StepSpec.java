package io.sluice.orchestrator.spec;

import io.sluice.events.Scheduling;
import io.sluice.events.SecretRef;
import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline as registered (defaults applied).
 *
 * @param command argv with {@code {{params.x}}}, {@code {{inputs.x}}}, {@code {{outputs.x}}}
 * @param inputs input name to its source, in spec order
 * @param retries extra attempts after a retryable failure (0 = one attempt)
 * @param retryBackoff how long to wait before each retry ({@link RetryBackoff#IMMEDIATE} by
 *     default)
 * @param timeoutSeconds run-time limit of one attempt
 * @param scheduling the step's own queue, priority and placement, or null for the defaults
 * @param secretRefs the secrets the executor gives the step, by reference, in spec order
 * @param cache whether the step may complete from the step cache ({@code cache: false} opts out)
 * @param line the YAML line of the step's {@code name}
 * @param imageLine the YAML line of the step's {@code image}
 * @param fanOut the step's fan-out (or, on an instance of an expanded spec, which instance it is),
 *     or null when the step runs once
 * @param when the condition under which the step runs, or null when it always runs
 * @param retryOn which failures use {@code retries}, or null for {@link RetryOn#DEFAULT}
 */
public record StepSpec(
    String name,
    String image,
    List<String> command,
    Map<String, InputRef> inputs,
    List<String> outputs,
    ResourceSpec resources,
    int retries,
    RetryBackoff retryBackoff,
    long timeoutSeconds,
    Map<String, String> env,
    Scheduling scheduling,
    List<SecretRef> secretRefs,
    boolean cache,
    int line,
    int imageLine,
    FanOut fanOut,
    StepCondition when,
    RetryOn retryOn) {

  public StepSpec {
    command = List.copyOf(command);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = List.copyOf(outputs);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    secretRefs = List.copyOf(secretRefs);
  }

  public boolean isFannedOut() {
    return fanOut != null;
  }

  /** This step with another name, command, inputs, env and fan-out (an instance or a fan-in). */
  StepSpec expandedAs(
      String name,
      List<String> command,
      Map<String, InputRef> inputs,
      Map<String, String> env,
      FanOut fanOut) {
    return new StepSpec(
        name,
        image,
        command,
        inputs,
        outputs,
        resources,
        retries,
        retryBackoff,
        timeoutSeconds,
        env,
        scheduling,
        secretRefs,
        cache,
        line,
        imageLine,
        fanOut,
        when,
        retryOn);
  }

  /** This step with one more env variable (set by the orchestrator, e.g. fan-in metrics). */
  public StepSpec withEnv(String variable, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(env);
    more.put(variable, value);
    return expandedAs(name, command, inputs, more, fanOut);
  }

  /**
   * Names of the steps of this run this step waits for: those whose outputs it reads, and those
   * whose metrics its condition reads (an implicit dependency: a step that only reports metrics has
   * no output another step could read).
   */
  public List<String> upstreamSteps() {
    java.util.stream.Stream<String> inputSteps =
        inputs.values().stream()
            .filter(input -> !input.isDataset() && !input.isUpstream())
            .map(InputRef::step);
    java.util.stream.Stream<String> conditionSteps =
        when == null ? java.util.stream.Stream.empty() : when.condition().steps().stream();
    return java.util.stream.Stream.concat(inputSteps, conditionSteps).distinct().toList();
  }

  /** The failures worth a retry: the step's {@code retryOn}, or the defaults. */
  public RetryOn retryPolicy() {
    return retryOn == null ? RetryOn.DEFAULT : retryOn;
  }
}
