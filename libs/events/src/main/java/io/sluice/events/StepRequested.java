package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The orchestrator asks an executor to run one attempt of one step. Carries everything the executor
 * needs, so it never asks the orchestrator. Key: the run id. Lineage ids: {@code runId}, inputs'
 * sha256, {@code cacheKey}, {@code imageDigest}.
 *
 * @param runId the run
 * @param stepName the step, unique in its pipeline
 * @param attempt 1 for the first try, counting up on retries
 * @param shardIndex which shard of the step's input this attempt works on (0 when not sharded)
 * @param image the container image, e.g. {@code ghcr.io/acme/train:1.4}
 * @param imageDigest the image digest ({@code sha256:...}) when known, else null
 * @param argv the command, params already substituted; {@code {{inputs.x}}} and {@code
 *     {{outputs.x}}} are left for the executor
 * @param env environment variables (never secret values: see {@code secretRefs})
 * @param inputs the input folders with their content hashes
 * @param outputs where each output folder goes
 * @param resources CPU, memory and GPUs
 * @param deadline the attempt must end by then, whenever it started
 * @param timeoutSeconds the attempt's own run time limit once started
 * @param retryPolicy how the orchestrator retries this step (informative for executors)
 * @param cacheKey hash of everything that determines the outputs; equal keys, equal outputs
 * @param secretRefs secrets to give the step as environment variables or files, by reference
 * @param scheduling the step's own queue, priority and placement, or null for the defaults
 * @param datasetSchema the declared schema of the run's dataset version, which the executor gives
 *     the step as a JSON file ({@code SLUICE_DATASET_SCHEMA}), or null when the request has none
 */
public record StepRequested(
    String runId,
    String stepName,
    int attempt,
    int shardIndex,
    String image,
    @Nullable String imageDigest,
    List<String> argv,
    Map<String, String> env,
    List<StepInput> inputs,
    List<OutputTarget> outputs,
    Resources resources,
    Instant deadline,
    long timeoutSeconds,
    RetryPolicy retryPolicy,
    String cacheKey,
    List<SecretRef> secretRefs,
    // Left out of the JSON when absent, so that requests from before the field existed stay
    // byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Scheduling scheduling,
    // Also left out when absent: requests from before the field existed stay byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable DatasetSchema datasetSchema)
    implements EventData {

  public StepRequested {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    Checks.notBlank(image, "image");
    Checks.nullOrNotBlank(imageDigest, "imageDigest");
    argv = Checks.nonEmptyList(argv, "argv");
    env = Checks.map(env, "env");
    inputs = Checks.list(inputs, "inputs");
    outputs = Checks.list(outputs, "outputs");
    Checks.required(resources, "resources");
    Checks.required(deadline, "deadline");
    Checks.atLeast(timeoutSeconds, 1L, "timeoutSeconds");
    Checks.required(retryPolicy, "retryPolicy");
    Checks.notBlank(cacheKey, "cacheKey");
    secretRefs = Checks.list(secretRefs, "secretRefs");
    unique(inputs.stream().map(StepInput::name).toList(), "inputs");
    unique(outputs.stream().map(OutputTarget::name).toList(), "outputs");
    unique(
        secretRefs.stream().map(SecretRef::envVar).filter(Objects::nonNull).toList(),
        "secretRefs envVar");
    unique(
        secretRefs.stream().map(SecretRef::file).filter(Objects::nonNull).toList(),
        "secretRefs file");
  }

  /** A request without a dataset schema. */
  public StepRequested(
      String runId,
      String stepName,
      int attempt,
      int shardIndex,
      String image,
      String imageDigest,
      List<String> argv,
      Map<String, String> env,
      List<StepInput> inputs,
      List<OutputTarget> outputs,
      Resources resources,
      Instant deadline,
      long timeoutSeconds,
      RetryPolicy retryPolicy,
      String cacheKey,
      List<SecretRef> secretRefs,
      Scheduling scheduling) {
    this(
        runId,
        stepName,
        attempt,
        shardIndex,
        image,
        imageDigest,
        argv,
        env,
        inputs,
        outputs,
        resources,
        deadline,
        timeoutSeconds,
        retryPolicy,
        cacheKey,
        secretRefs,
        scheduling,
        null);
  }

  /** A request without scheduling of its own (the executor's defaults apply). */
  public StepRequested(
      String runId,
      String stepName,
      int attempt,
      int shardIndex,
      String image,
      String imageDigest,
      List<String> argv,
      Map<String, String> env,
      List<StepInput> inputs,
      List<OutputTarget> outputs,
      Resources resources,
      Instant deadline,
      long timeoutSeconds,
      RetryPolicy retryPolicy,
      String cacheKey,
      List<SecretRef> secretRefs) {
    this(
        runId,
        stepName,
        attempt,
        shardIndex,
        image,
        imageDigest,
        argv,
        env,
        inputs,
        outputs,
        resources,
        deadline,
        timeoutSeconds,
        retryPolicy,
        cacheKey,
        secretRefs,
        null,
        null);
  }

  private static void unique(List<String> names, String field) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(field + " has '" + name + "' twice");
      }
    }
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_REQUESTED;
  }
}
