package io.sluice.launcher.exec;

import io.sluice.events.FailureReason;
import io.sluice.events.StepOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How an attempt ended, as an executor reports it; the reporter turns it into an event. */
public sealed interface AttemptOutcome {

  /**
   * The command exited 0 and every output is uploaded; {@code imageDigest} is the digest of the
   * image that ran, when the executor knows it (null for a host command).
   */
  record Succeeded(
      List<StepOutput> outputs,
      Map<String, Double> metrics,
      int exitCode,
      Instant finishedAt,
      String imageDigest)
      implements AttemptOutcome {

    /** A success with no image (a host command). */
    public Succeeded(
        List<StepOutput> outputs, Map<String, Double> metrics, int exitCode, Instant finishedAt) {
      this(outputs, metrics, exitCode, finishedAt, null);
    }

    public Succeeded withImageDigest(String digest) {
      return new Succeeded(outputs, metrics, exitCode, finishedAt, digest);
    }
  }

  /** The attempt failed; {@code logTail} is already redacted and bounded. */
  record Failed(
      FailureReason reason,
      String message,
      boolean retryable,
      Integer exitCode,
      String logTail,
      Instant finishedAt)
      implements AttemptOutcome {}
}
