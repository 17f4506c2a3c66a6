package io.sluice.launcher.messaging;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.launcher.admission.StepAdmission;
import io.sluice.launcher.attempt.AttemptHeartbeats;
import io.sluice.launcher.attempt.AttemptReporter;
import io.sluice.launcher.attempt.AttemptState;
import io.sluice.launcher.attempt.AttemptStore;
import io.sluice.launcher.attempt.LauncherEvents;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLock;
import io.sluice.launcher.attempt.StoredAttempt;
import io.sluice.launcher.exec.AttemptKey;
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
  private final AttemptReporter reporter;
  private final LauncherIdentity identity;
  private final OwnerLock lock;
  private final AttemptHeartbeats heartbeats;
  private final Clock clock;

  public StepRequestHandler(
      Executor executor,
      StepAdmission admission,
      AttemptStore store,
      AttemptReporter reporter,
      LauncherIdentity identity,
      OwnerLock lock,
      AttemptHeartbeats heartbeats,
      Clock clock) {
    this.executor = executor;
    this.admission = admission;
    this.store = store;
    this.reporter = reporter;
    this.identity = identity;
    this.lock = lock;
    this.heartbeats = heartbeats;
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
    if (!lock.held()) {
      // Without its lock this launcher could be taken for gone: it takes no attempt until the
      // lock is back, and the request is redelivered to it (or another replica) meanwhile.
      throw new IllegalStateException("owner lock not held; the request is retried later");
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
    heartbeats.first(context.connection(), attempt);
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

  /**
   * Records the cancel on the attempt; only its owner stops it and answers CANCELLED (at once when
   * this replica owns it, else on the owner's next heartbeat round; for a gone owner, whoever
   * recovers the attempt). One never requested is recorded as failed so a late request won't run.
   */
  public void onCancelRequested(EventEnvelope<StepCancelRequested> event, EventContext context)
      throws Exception {
    AttemptKey key = AttemptKey.of(event.data());
    String reason = event.data().reason();
    Optional<StoredAttempt> found = store.findForUpdate(context.connection(), key);
    if (found.isEmpty()) {
      store.insert(context.connection(), newAttempt(event, key, AttemptState.FAILED));
      context.emitCausedBy(key.runId(), cancelledBeforeStart(key, reason));
    } else if (found.get().state() != AttemptState.STARTED) {
      LOG.infof("%s: cancel ignored, the attempt already ended", key);
    } else {
      store.requestCancel(context.connection(), key, reason);
      String owner = found.get().owner();
      if (owner.equals(identity.instanceId())) {
        context.afterCommit(() -> cancelOwn(key, reason));
      } else {
        LOG.infof("%s: cancel recorded for its owner %s", key, owner);
      }
    }
  }

  private void cancelOwn(AttemptKey key, String reason) {
    heartbeats.cancelHandedOver(key);
    if (!executor.cancel(key, reason)) {
      LOG.infof("%s: not running here; the heartbeat round answers for it", key);
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
