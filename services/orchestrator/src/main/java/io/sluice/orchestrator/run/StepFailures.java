package io.sluice.orchestrator.run;

import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RetryPolicy;
import io.sluice.events.RunFailed;
import io.sluice.events.StepCancelRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a failed attempt does to its run, whoever reported it: a retryable failure with attempts
 * left requests the next attempt (at once, or through a retry timer when the step has a backoff);
 * any other fails the step and the run, and asks the run's other requested attempts to stop.
 */
@ApplicationScoped
public class StepFailures {

  private static final Logger LOG = Logger.getLogger(StepFailures.class);

  private final RunStore runs = new RunStore();
  private final RetryTimers timers = new RetryTimers();
  private final StepDispatcher dispatcher;
  private final RetryScheduler scheduler;

  public StepFailures(StepDispatcher dispatcher, RetryScheduler scheduler) {
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
  }

  /** Applies the failure of the current attempt {@code at}. */
  void apply(RunEffects effects, CurrentAttempt at, StepFailure failure) throws SQLException {
    RetryPolicy policy = StepRequests.retryPolicy(at.step());
    Optional<String> notRetried = notRetried(at, failure, policy);
    if (notRetried.isPresent()) {
      failStep(effects, at, failure.reason(), failure.text() + notRetried.get(), failure);
      return;
    }
    Duration delay = policy.delayBefore(failure.attempt() + 1);
    if (delay.isZero()) {
      runs.markFailed(
          effects.connection(),
          at.run().id(),
          failure.stepName(),
          StepState.REQUESTED,
          failure.text(),
          failure.startedAt(),
          failure.finishedAt());
      dispatcher.request(
          effects.connection(),
          event -> effects.emit(at.run().id().toString(), event),
          at.step(),
          failure.attempt() + 1,
          at.run(),
          at.steps());
    } else {
      waitForRetry(effects, at, failure, delay);
    }
  }

  /**
   * Why the failure ends the step, as it is appended to the step's last error, or empty when the
   * next attempt follows. The executor's "not retryable" stands; the step's {@code retryOn} (or its
   * defaults: no retry of a usage or data error) narrows what it calls retryable.
   */
  private static Optional<String> notRetried(
      CurrentAttempt at, StepFailure failure, RetryPolicy policy) {
    if (!failure.retryable()) {
      return Optional.of(" (not retryable)");
    }
    if (!policy.allowsAnotherAfter(failure.attempt())) {
      return Optional.of(" (no attempts left)");
    }
    return at.step()
        .retryPolicy()
        .refuses(failure.reason(), failure.exitCode())
        .map(why -> " (not retried: " + why + ")");
  }

  /** Records the retry as a timer; the scheduler requests the attempt when it is due. */
  private void waitForRetry(
      RunEffects effects, CurrentAttempt at, StepFailure failure, Duration delay)
      throws SQLException {
    Instant retryAt =
        timers.schedule(
            effects.connection(),
            at.run().id(),
            failure.stepName(),
            failure.text(),
            failure.startedAt(),
            failure.finishedAt(),
            delay,
            effects.retryCause());
    // Only once committed: woken earlier, the scheduler could read the timers without this one.
    effects.afterCommit(scheduler::wake);
    LOG.infof(
        "run=%s step=%s attempt=%d failed; attempt %d waits %ss, until %s",
        at.run().id(),
        failure.stepName(),
        failure.attempt(),
        failure.attempt() + 1,
        delay.toSeconds(),
        retryAt);
  }

  /** Fails the step for good, and the run with it. */
  void failStep(
      RunEffects effects,
      CurrentAttempt at,
      FailureReason reason,
      String message,
      StepFailure attempt)
      throws SQLException {
    runs.markFailed(
        effects.connection(),
        at.run().id(),
        at.step().name(),
        StepState.FAILED,
        message,
        attempt.startedAt(),
        attempt.finishedAt());
    failRun(effects, at.run(), at.step().name(), reason, message);
  }

  /**
   * Ends the run as failed and asks every attempt of it that may still run to stop: nothing will
   * use their outputs, and a GPU held for nothing is a GPU another run waits for.
   *
   * @param failedStep the step that failed, or null when the run failed outside any step
   */
  void failRun(
      RunEffects effects, RunRow run, String failedStep, FailureReason reason, String message)
      throws SQLException {
    String runId = run.id().toString();
    List<StepCancelRequested> stops =
        AttemptStops.forRequested(
            runId, runs.steps(effects.connection(), run.id()), "the run failed: " + message);
    runs.finishRun(effects.connection(), run.id(), RunState.FAILED, message);
    runs.stopRequestedSteps(effects.connection(), run.id());
    EventEnvelope<RunFailed> failed =
        effects.emit(
            runId,
            new RunFailed(
                runId,
                run.pipelineName(),
                run.pipelineVersion(),
                run.dataset().datasetName(),
                run.dataset().versionId(),
                failedStep,
                reason,
                message));
    for (StepCancelRequested stop : stops) {
      effects.emitCausedBy(failed, runId, stop);
    }
    LOG.infof(
        "run=%s failed%s (%d other attempts asked to stop): %s",
        run.id(), failedStep == null ? "" : " at step=" + failedStep, stops.size(), message);
  }
}
