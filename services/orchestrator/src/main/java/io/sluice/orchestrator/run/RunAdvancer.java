package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepStarted;
import io.sluice.orchestrator.cache.StepCache;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Advances runs on the executor's reports: {@code step.started} and {@code step.heartbeat} are
 * recorded; {@code step.done} moves the run on ({@link RunProgress}: skips, requests or ends);
 * {@code step.failed} goes to {@link StepFailures}. An event for another attempt than the current
 * one, or for a finished step or run, changes nothing.
 */
@ApplicationScoped
public class RunAdvancer {

  private static final Logger LOG = Logger.getLogger(RunAdvancer.class);

  private final RunStore runs = new RunStore();
  private final StepCache cache = new StepCache();
  private final PipelineSpecs specs;
  private final StepFailures failures;
  private final RunProgress progress;

  public RunAdvancer(PipelineSpecs specs, StepFailures failures, RunProgress progress) {
    this.specs = specs;
    this.failures = failures;
    this.progress = progress;
  }

  /**
   * Shows that the requested attempt runs: until then the step's {@code startedAt} stays empty (its
   * pod is pending, or it waits for a free GPU). One update, no lock: nothing else depends on it.
   */
  public void onStepStarted(EventEnvelope<StepStarted> event, EventContext context)
      throws SQLException {
    StepStarted started = event.data();
    Optional<UUID> runId = CurrentAttempt.parseId(started.runId());
    if (runId.isPresent()) {
      runs.markStarted(context.connection(), runId.get(), started);
    }
  }

  /**
   * Extends the lease of the current attempt (never backwards). A heartbeat of another attempt, or
   * of a step that has ended, changes nothing: an attempt judged lost stays lost.
   */
  public void onStepHeartbeat(EventEnvelope<StepHeartbeat> event, EventContext context)
      throws SQLException {
    StepHeartbeat beat = event.data();
    Optional<UUID> runId = CurrentAttempt.parseId(beat.runId());
    if (runId.isPresent()) {
      // Locked first, as every other writer of a run does, so that no two transactions wait on
      // each other's run and step rows.
      runs.lockRun(context.connection(), runId.get());
      runs.extendLease(context.connection(), runId.get(), beat);
    }
  }

  public void onStepDone(EventEnvelope<StepDone> event, EventContext context) throws SQLException {
    StepDone done = event.data();
    Optional<CurrentAttempt> current =
        current(context, done.runId(), done.stepName(), done.attempt());
    if (current.isEmpty()) {
      return;
    }
    CurrentAttempt at = current.get();
    List<String> missing =
        at.step().outputs().stream().filter(name -> done.output(name).isEmpty()).toList();
    if (!missing.isEmpty()) {
      String message = "step " + done.stepName() + " reported done without outputs " + missing;
      StepFailure attempt =
          new StepFailure(
              done.stepName(),
              done.attempt(),
              FailureReason.OUTPUT_UPLOAD_FAILED,
              message,
              false,
              null,
              done.startedAt(),
              done.finishedAt());
      failures.failStep(
          RunEffects.of(context), at, FailureReason.OUTPUT_UPLOAD_FAILED, message, attempt);
      return;
    }
    runs.markDone(context.connection(), done);
    remember(context, at, done);
    LOG.infof("run=%s step=%s attempt=%d done", done.runId(), done.stepName(), done.attempt());
    progress.advance(RunEffects.of(context), at.spec(), at.run());
  }

  /**
   * Keeps what an attempt that ran produced under its cache key, for later runs of the same step on
   * the same inputs. A reused attempt adds nothing: its origin is the entry already.
   */
  private void remember(EventContext context, CurrentAttempt at, StepDone done)
      throws SQLException {
    if (done.cached()) {
      return;
    }
    Optional<String> key =
        at.steps().stream()
            .filter(step -> step.stepName().equals(done.stepName()))
            .map(StepRow::cacheKey)
            .filter(java.util.Objects::nonNull)
            .findFirst();
    if (key.isPresent()) {
      cache.remember(context.connection(), key.get().strip(), done);
    }
  }

  public void onStepFailed(EventEnvelope<StepFailed> event, EventContext context)
      throws SQLException {
    StepFailed failed = event.data();
    Optional<CurrentAttempt> current =
        current(context, failed.runId(), failed.stepName(), failed.attempt());
    if (current.isPresent()) {
      failures.apply(RunEffects.of(context), current.get(), StepFailure.of(failed));
    }
  }

  private Optional<CurrentAttempt> current(
      EventContext context, String runId, String stepName, int attempt) throws SQLException {
    Optional<UUID> id = CurrentAttempt.parseId(runId);
    if (id.isEmpty()) {
      LOG.infof("run=%s step=%s attempt=%d: not a run id, ignored", runId, stepName, attempt);
      return Optional.empty();
    }
    return CurrentAttempt.find(context.connection(), specs, id.get(), stepName, attempt);
  }
}
