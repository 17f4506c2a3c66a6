package io.sluice.launcher.exec;

import io.sluice.events.FailureReason;
import io.sluice.events.StepOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** How an attempt ended, as an executor reports it; the reporter turns it into an event. */
public sealed interface AttemptOutcome {

  /** The command exited 0 and every output is uploaded. */
  record Succeeded(
      List<StepOutput> outputs, Map<String, Double> metrics, int exitCode, Instant finishedAt)
      implements AttemptOutcome {}

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
