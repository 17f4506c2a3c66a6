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
 * @param line the YAML line of the step's {@code name}
 * @param imageLine the YAML line of the step's {@code image}
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
    int line,
    int imageLine,
    StepCondition when,
    RetryOn retryOn) {

  public StepSpec {
    command = List.copyOf(command);
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    outputs = List.copyOf(outputs);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    secretRefs = List.copyOf(secretRefs);
  }

  /**
   * Names of the steps this step waits for: those whose outputs it reads, and those whose metrics
   * its condition reads (an implicit dependency: a step that only reports metrics has no output
   * another step could read).
   */
  public List<String> upstreamSteps() {
    java.util.stream.Stream<String> inputSteps =
        inputs.values().stream().filter(input -> !input.isDataset()).map(InputRef::step);
    java.util.stream.Stream<String> conditionSteps =
        when == null ? java.util.stream.Stream.empty() : when.condition().steps().stream();
    return java.util.stream.Stream.concat(inputSteps, conditionSteps).distinct().toList();
  }

  /** The failures worth a retry: the step's {@code retryOn}, or the defaults. */
  public RetryOn retryPolicy() {
    return retryOn == null ? RetryOn.DEFAULT : retryOn;
  }
}
