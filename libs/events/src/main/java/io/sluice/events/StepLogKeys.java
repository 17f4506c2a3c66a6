package io.sluice.events;

/**
 * Where a finished attempt's log is kept in the artifacts bucket: next to its outputs, {@code
 * runs/<run>/<step>/<attempt>/_logs/step.log} ({@code step-<shard>.log} for shard N &gt; 0). The
 * launcher writes it there and the orchestrator reads it from there, so both take the key from
 * here. {@code _logs} cannot be an output's folder: output names start with a letter.
 */
public final class StepLogKeys {

  /** The folder beside the outputs that holds the attempt's logs. */
  public static final String FOLDER = "_logs";

  private StepLogKeys() {}

  /** The object key of the log of this attempt (shard 0 for an unsharded step). */
  public static String of(String runId, String stepName, int attempt, int shardIndex) {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    String file = shardIndex == 0 ? "step.log" : "step-" + shardIndex + ".log";
    return "runs/" + runId + "/" + stepName + "/" + attempt + "/" + FOLDER + "/" + file;
  }
}
