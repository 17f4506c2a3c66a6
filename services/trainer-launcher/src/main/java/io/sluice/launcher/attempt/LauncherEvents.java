package io.sluice.launcher.attempt;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepStarted;
import io.sluice.events.UuidV7;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import java.time.Instant;

/** Maps attempts and their outcomes to the contract's step events. */
public final class LauncherEvents {

  /** The event source name of this service. */
  public static final String SERVICE = "trainer-launcher";

  private LauncherEvents() {}

  public static StepStarted started(StoredAttempt attempt) {
    AttemptKey key = attempt.key();
    return new StepStarted(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        attempt.executor(),
        attempt.node(),
        attempt.startedAt());
  }

  public static StepDone done(StoredAttempt attempt, AttemptOutcome.Succeeded done) {
    AttemptKey key = attempt.key();
    return new StepDone(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        done.outputs(),
        done.metrics(),
        done.exitCode(),
        done.imageDigest(),
        attempt.startedAt(),
        later(attempt.startedAt(), done.finishedAt()),
        attempt.executor(),
        attempt.node());
  }

  public static StepFailed failed(StoredAttempt attempt, AttemptOutcome.Failed failed) {
    AttemptKey key = attempt.key();
    return new StepFailed(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        failed.reason(),
        failed.message(),
        failed.retryable(),
        failed.exitCode(),
        failed.logTail(),
        attempt.startedAt(),
        later(attempt.startedAt(), failed.finishedAt()));
  }

  /** The attempt's command was lost with a launcher that stopped while running it. */
  public static AttemptOutcome.Failed lost(StoredAttempt attempt, Instant now) {
    return new AttemptOutcome.Failed(
        FailureReason.EXECUTOR_LOST,
        "launcher " + attempt.owner() + " stopped while the attempt ran on " + attempt.node(),
        true,
        null,
        "",
        now);
  }

  /** The attempt was stopped because a cancel was requested. */
  public static AttemptOutcome.Failed cancelled(String reason, Instant now) {
    return new AttemptOutcome.Failed(
        FailureReason.CANCELLED, "cancelled: " + reason, false, null, "", now);
  }

  /** An event in the chain of the request that caused the attempt. */
  public static <T extends EventData> EventEnvelope<T> inChainOf(StoredAttempt attempt, T data) {
    return new EventEnvelope<>(
        UuidV7.nextString(),
        EventEnvelope.sourceOf(SERVICE),
        Instant.now(),
        attempt.key().runId(),
        attempt.correlationId(),
        attempt.causeEventId(),
        attempt.traceparent(),
        data);
  }

  // Wall clocks may step back; the contract requires finishedAt >= startedAt.
  private static Instant later(Instant startedAt, Instant finishedAt) {
    return finishedAt.isBefore(startedAt) ? startedAt : finishedAt;
  }
}
