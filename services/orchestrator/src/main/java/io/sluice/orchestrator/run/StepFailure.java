package io.sluice.orchestrator.run;

import io.sluice.events.FailureReason;
import io.sluice.events.StepFailed;
import java.time.Instant;

/**
 * An attempt that failed: reported by the executor ({@code step.failed}) or judged by the
 * orchestrator's watchdog (lost, or past its deadline).
 *
 * @param exitCode the command's exit code, or null when it did not exit (or was not reported)
 * @param startedAt when its command started, or null when it never did
 */
record StepFailure(
    String stepName,
    int attempt,
    FailureReason reason,
    String message,
    boolean retryable,
    Integer exitCode,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * The failure an executor reported. A command that exited non-zero gets the last line it wrote
   * appended to the message (a usage error, a missing column), so the run's view says why.
   */
  static StepFailure of(StepFailed failed) {
    String said =
        failed.reason() == FailureReason.NONZERO_EXIT ? StepSaid.lastLine(failed.logTail()) : "";
    return new StepFailure(
        failed.stepName(),
        failed.attempt(),
        failed.reason(),
        said.isEmpty() ? failed.message() : failed.message() + ": " + said,
        failed.retryable(),
        failed.exitCode(),
        failed.startedAt(),
        failed.finishedAt());
  }

  /** As stored and shown: the reason, then the message. */
  String text() {
    return reason + ": " + message;
  }
}
