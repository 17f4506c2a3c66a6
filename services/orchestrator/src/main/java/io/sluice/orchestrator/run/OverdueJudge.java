package io.sluice.orchestrator.run;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.StepCancelRequested;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fails what nobody reports on, one batch per transaction: an attempt whose lease ended is lost
 * ({@code EXECUTOR_LOST}, retried like any retryable failure), an attempt or a run past its
 * deadline fails ({@code DEADLINE_EXCEEDED}, not retried). An attempt judged so is first asked to
 * stop ({@code step.cancel_requested}), in case it still runs; whatever it reports later is about a
 * superseded attempt and changes nothing.
 */
@ApplicationScoped
public class OverdueJudge {

  private static final Logger LOG = Logger.getLogger(OverdueJudge.class);

  private final WatchdogStore store = new WatchdogStore();
  private final RunStore runs = new RunStore();
  private final Transactor transactor;
  private final Outbox outbox;
  private final PipelineSpecs specs;
  private final StepFailures failures;
  private final OrchestratorConfig.Watchdog config;
  private final String service;

  public OverdueJudge(
      Transactor transactor,
      Outbox outbox,
      PipelineSpecs specs,
      StepFailures failures,
      OrchestratorConfig config,
      EventingConfig eventing) {
    this.transactor = transactor;
    this.outbox = outbox;
    this.specs = specs;
    this.failures = failures;
    this.config = config.watchdog();
    this.service = eventing.service();
  }

  /**
   * What one batch judged.
   *
   * @param full whether the batch was full, so that more may be overdue
   */
  record Judged(int lost, int attemptsPastDeadline, int runs, boolean full) {}

  /**
   * Judges one batch against {@code watermark}: every event published before it has been applied,
   * so whatever is overdue by then is overdue for certain.
   */
  Judged judgeBatch(Instant watermark) {
    List<Runnable> afterCommit = new ArrayList<>();
    Judged judged =
        transactor.inTransaction(connection -> judgeLocked(connection, watermark, afterCommit));
    afterCommit.forEach(Runnable::run);
    return judged;
  }

  private Judged judgeLocked(Connection connection, Instant watermark, List<Runnable> afterCommit)
      throws SQLException {
    List<UUID> timedOut = store.lockRunsPastDeadline(connection, watermark, config.batchSize());
    for (UUID id : timedOut) {
      failRun(connection, id, afterCommit);
    }
    List<WatchdogStore.Overdue> overdue =
        store.lockOverdueAttempts(
            connection,
            watermark.minus(config.leaseGrace()),
            watermark.minus(config.deadlineGrace()),
            config.batchSize());
    int lost = 0;
    int pastDeadline = 0;
    for (WatchdogStore.Overdue attempt : overdue) {
      // Read again: an earlier judgement of this batch may have ended the run.
      Optional<CurrentAttempt> current =
          CurrentAttempt.find(
              connection, specs, attempt.runId(), attempt.stepName(), attempt.attempt());
      if (current.isPresent()) {
        judge(connection, current.get(), attempt, afterCommit);
        lost += attempt.pastDeadline() ? 0 : 1;
        pastDeadline += attempt.pastDeadline() ? 1 : 0;
      }
    }
    boolean full = timedOut.size() == config.batchSize() || overdue.size() == config.batchSize();
    return new Judged(lost, pastDeadline, timedOut.size(), full);
  }

  private void failRun(Connection connection, UUID id, List<Runnable> afterCommit)
      throws SQLException {
    RunRow run = runs.run(connection, id).orElseThrow();
    String message =
        "the run passed its deadline "
            + run.deadlineAt()
            + " (the pipeline's timeout) before every step was done";
    LOG.warnf("run=%s: %s", id, message);
    RunEffects effects = RunEffects.judged(connection, outbox, service, run, null, afterCommit);
    failures.failRun(effects, run, null, FailureReason.DEADLINE_EXCEEDED, message);
  }

  private void judge(
      Connection connection,
      CurrentAttempt at,
      WatchdogStore.Overdue attempt,
      List<Runnable> afterCommit)
      throws SQLException {
    StepFailure failure = failureOf(at, attempt);
    String runId = at.run().id().toString();
    EventEnvelope<StepCancelRequested> stop =
        EventEnvelope.first(
            service,
            runId,
            at.run().chainId(),
            new StepCancelRequested(
                runId, attempt.stepName(), attempt.attempt(), 0, failure.text()));
    outbox.append(connection, stop);
    LOG.warnf(
        "run=%s step=%s attempt=%d: %s",
        runId, attempt.stepName(), attempt.attempt(), failure.text());
    RunEffects effects =
        RunEffects.judged(connection, outbox, service, at.run(), stop, afterCommit);
    failures.apply(effects, at, failure);
  }

  private static StepFailure failureOf(CurrentAttempt at, WatchdogStore.Overdue attempt) {
    Instant now = Instant.now();
    if (attempt.pastDeadline()) {
      String message =
          attempt.startedAt() == null
              ? "not started by its deadline, and the executor did not report it"
              : "still running "
                  + at.step().timeoutSeconds()
                  + " s after it started (its timeout), and the executor did not stop it";
      return new StepFailure(
          attempt.stepName(),
          attempt.attempt(),
          FailureReason.DEADLINE_EXCEEDED,
          message,
          false,
          null,
          attempt.startedAt(),
          now);
    }
    String message =
        "no heartbeat since its lease ended at "
            + attempt.leaseEndsAt()
            + ": the executor that ran it is presumed lost";
    return new StepFailure(
        attempt.stepName(),
        attempt.attempt(),
        FailureReason.EXECUTOR_LOST,
        message,
        true,
        null,
        attempt.startedAt(),
        now);
  }
}
