package io.sluice.launcher.messaging;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.launcher.admission.StepAdmission;
import io.sluice.launcher.attempt.AttemptFinisher;
import io.sluice.launcher.attempt.AttemptReporter;
import io.sluice.launcher.attempt.AttemptState;
import io.sluice.launcher.attempt.AttemptStore;
import io.sluice.launcher.attempt.LauncherEvents;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.StoredAttempt;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies {@code step.requested} and {@code step.cancel_requested}: records the attempt and its
 * {@code step.started} in the consumer's transaction and hands the work to the {@link Executor},
 * which runs it on its own threads.
 */
@ApplicationScoped
public class StepRequestHandler {

  private static final Logger LOG = Logger.getLogger(StepRequestHandler.class);

  private final Executor executor;
  private final StepAdmission admission;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final AttemptReporter reporter;
  private final LauncherIdentity identity;
  private final Clock clock;

  public StepRequestHandler(
      Executor executor,
      StepAdmission admission,
      AttemptStore store,
      AttemptFinisher finisher,
      AttemptReporter reporter,
      LauncherIdentity identity,
      Clock clock) {
    this.executor = executor;
    this.admission = admission;
    this.store = store;
    this.finisher = finisher;
    this.reporter = reporter;
    this.identity = identity;
    this.clock = clock;
  }

  /**
   * Records and launches the attempt, unless it was recorded before (then nothing happens) or it
   * may not run here (then it is recorded as failed and nothing starts).
   */
  public void onRequested(EventEnvelope<StepRequested> event, EventContext context)
      throws Exception {
    StepRequested request = event.data();
    Optional<String> refusal = admission.refusal(request);
    if (refusal.isPresent()) {
      refuse(event, refusal.get(), context);
      return;
    }
    StoredAttempt attempt = newAttempt(event, AttemptKey.of(request), AttemptState.STARTED);
    boolean startNow = !executor.reportsStart();
    String kept = executor.outlivesLauncher() ? Json.mapper().writeValueAsString(request) : null;
    if (!store.insert(context.connection(), attempt, startNow, kept)) {
      LOG.infof("%s: already recorded, not run again", attempt.key());
      return;
    }
    if (startNow) {
      context.emitCausedBy(request.runId(), LauncherEvents.started(attempt));
    }
    // Only a committed record may run: if this transaction rolled back (its batch failed and will
    // be redelivered), a process started now would run again on the redelivery.
    context.afterCommit(() -> executor.launch(request, reporter));
  }

  private void refuse(EventEnvelope<StepRequested> event, String reason, EventContext context)
      throws Exception {
    AttemptKey key = AttemptKey.of(event.data());
    if (!store.insert(context.connection(), newAttempt(event, key, AttemptState.FAILED))) {
      LOG.infof("%s: already recorded, not run again", key);
      return;
    }
    LOG.warnf("%s: refused, nothing started: %s", key, reason);
    context.emitCausedBy(key.runId(), refused(key, reason));
  }

  /** Stops the attempt; one never requested is recorded as failed so a late request won't run. */
  public void onCancelRequested(EventEnvelope<StepCancelRequested> event, EventContext context)
      throws Exception {
    AttemptKey key = AttemptKey.of(event.data());
    Optional<StoredAttempt> found = store.findForUpdate(context.connection(), key);
    if (found.isEmpty()) {
      store.insert(context.connection(), newAttempt(event, key, AttemptState.FAILED));
      context.emitCausedBy(key.runId(), cancelledBeforeStart(key, event.data().reason()));
    } else if (found.get().state() != AttemptState.STARTED) {
      LOG.infof("%s: cancel ignored, the attempt already ended", key);
    } else if (!executor.cancel(key, event.data().reason())) {
      // Not running here (its launcher died or it is another replica's): answer for it now.
      finisher.finish(context.connection(), found.get(), cancelled(event.data().reason()));
    }
  }

  private StoredAttempt newAttempt(EventEnvelope<?> event, AttemptKey key, AttemptState state) {
    return new StoredAttempt(
        key,
        state,
        identity.instanceId(),
        executor.name(),
        executor.node(),
        event.correlationId(),
        event.id(),
        event.traceparent(),
        clock.instant());
  }

  private AttemptOutcome.Failed cancelled(String reason) {
    return new AttemptOutcome.Failed(
        FailureReason.CANCELLED, "cancelled: " + reason, false, null, "", clock.instant());
  }

  private StepFailed refused(AttemptKey key, String reason) {
    return new StepFailed(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        FailureReason.INVALID_REQUEST,
        "refused before it started: " + reason,
        false,
        null,
        "",
        null,
        clock.instant());
  }

  private StepFailed cancelledBeforeStart(AttemptKey key, String reason) {
    return new StepFailed(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        FailureReason.CANCELLED,
        "cancelled before it started: " + reason,
        false,
        null,
        "",
        null,
        clock.instant());
  }
}
