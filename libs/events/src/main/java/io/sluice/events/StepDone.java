package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a step exited 0 and its outputs are uploaded. Key: the run id. Lineage ids:
 * outputs' sha256 (and each file's), {@code imageDigest}.
 *
 * @param runId the run
 * @param stepName the step
 * @param attempt the attempt
 * @param shardIndex the shard (0 when not sharded)
 * @param outputs every output folder with its hash and files
 * @param metrics the flat numeric metrics the step wrote to {@code SLUICE_METRICS_FILE}
 * @param exitCode the process exit code
 * @param imageDigest the digest of the image actually run, or null for a host command
 * @param startedAt when the attempt started
 * @param finishedAt when its outputs were uploaded
 * @param executor which executor ran it
 * @param node the node (or host) it ran on
 * @param cachedFrom the earlier attempt whose outputs the step reused instead of running (then
 *     {@code executor} is {@code cache} and the times are when it was reused), or null when it ran
 */
public record StepDone(
    String runId,
    String stepName,
    int attempt,
    int shardIndex,
    List<StepOutput> outputs,
    Map<String, Double> metrics,
    int exitCode,
    @Nullable String imageDigest,
    Instant startedAt,
    Instant finishedAt,
    String executor,
    String node,
    // Left out of the JSON when absent, so that events from before the field existed stay
    // byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable CachedFrom cachedFrom)
    implements EventData {

  public StepDone {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    outputs = Checks.list(outputs, "outputs");
    metrics = Checks.metrics(metrics, "metrics");
    Checks.nullOrNotBlank(imageDigest, "imageDigest");
    Checks.required(startedAt, "startedAt");
    Checks.required(finishedAt, "finishedAt");
    Times.inOrder(startedAt, finishedAt);
    Checks.notBlank(executor, "executor");
    Checks.notBlank(node, "node");
  }

  /** A step that ran (not reused from a cache). */
  public StepDone(
      String runId,
      String stepName,
      int attempt,
      int shardIndex,
      List<StepOutput> outputs,
      Map<String, Double> metrics,
      int exitCode,
      String imageDigest,
      Instant startedAt,
      Instant finishedAt,
      String executor,
      String node) {
    this(
        runId,
        stepName,
        attempt,
        shardIndex,
        outputs,
        metrics,
        exitCode,
        imageDigest,
        startedAt,
        finishedAt,
        executor,
        node,
        null);
  }

  /** Whether the step reused an earlier attempt's outputs instead of running. */
  public boolean cached() {
    return cachedFrom != null;
  }

  /** The output with this name, if the step has one. */
  public java.util.Optional<StepOutput> output(String name) {
    return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_DONE;
  }
}
