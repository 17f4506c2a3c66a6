package io.sluice.orchestrator.run;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunCancelled;
import io.sluice.events.StepCancelRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cancels running runs on a person's request: in one transaction, with the run locked the way event
 * handling and retry timers lock it, the run and its unfinished steps become {@code CANCELLED},
 * {@code run.cancelled} is emitted and each requested attempt gets {@code step.cancel_requested}.
 * The outcomes of those attempts arrive later and find the run ended, so they change nothing.
 */
@ApplicationScoped
public class RunCanceller {

  private static final Logger LOG = Logger.getLogger(RunCanceller.class);

  /** What a cancel request did. */
  public enum Outcome {
    /** The run was running and is now cancelled. */
    CANCELLED,
    /** The run had been cancelled before; nothing changed. */
    ALREADY_CANCELLED,
    /** The run had succeeded or failed; nothing changed. */
    ALREADY_ENDED
  }

  /** The outcome and the run (with its steps) as it stands afterwards. */
  public record Cancellation(Outcome outcome, RunRow run, List<StepRow> steps) {}

  private final RunStore runs = new RunStore();
  private final Transactor transactor;
  private final Outbox outbox;
  private final String service;

  public RunCanceller(Transactor transactor, Outbox outbox, EventingConfig eventing) {
    this.transactor = transactor;
    this.outbox = outbox;
    this.service = eventing.service();
  }

  /**
   * Cancels the run if it is running; empty when there is no such run.
   *
   * @param subject who asks (kept with the run and named in {@code run.cancelled})
   */
  public Optional<Cancellation> cancel(UUID runId, String reason, String subject) {
    return transactor.inTransaction(connection -> cancel(connection, runId, reason, subject));
  }

  /** As {@link #cancel(UUID, String, String)}, on the caller's transaction (a schedule's tick). */
  public Optional<Cancellation> cancel(
      Connection connection, UUID runId, String reason, String subject) throws SQLException {
    Optional<RunRow> locked = runs.lockRun(connection, runId);
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    RunRow run = locked.get();
    // A queued run has requested nothing yet: cancelling it only takes it out of the queue.
    if (run.state() != RunState.RUNNING && run.state() != RunState.QUEUED) {
      Outcome outcome =
          run.state() == RunState.CANCELLED ? Outcome.ALREADY_CANCELLED : Outcome.ALREADY_ENDED;
      return Optional.of(new Cancellation(outcome, run, runs.steps(connection, runId)));
    }
    List<StepRow> requested =
        runs.steps(connection, runId).stream()
            .filter(step -> step.state() == StepState.REQUESTED)
            .toList();
    runs.cancelRun(connection, runId, reason, subject);
    announce(connection, run, requested, reason, subject);
    LOG.infof(
        "run=%s cancelled by %s (%d attempts asked to stop): %s",
        runId, subject, requested.size(), reason);
    RunRow cancelled = runs.run(connection, runId).orElseThrow();
    return Optional.of(
        new Cancellation(Outcome.CANCELLED, cancelled, runs.steps(connection, runId)));
  }

  /**
   * Emits {@code run.cancelled}, then a {@code step.cancel_requested} caused by it for each
   * requested attempt.
   *
   * <p>No event causes a cancel: a person does, over REST. So {@code run.cancelled} starts from no
   * causation id, but keeps the correlation id of the {@code data.arrived} that started the run, so
   * that the whole life of the run (start, steps, cancellation, the executor's answers) stays one
   * chain. Runs started before that id was recorded fall back to the dataset version, which is what
   * ingest uses as the correlation id of data-triggered work.
   */
  private void announce(
      Connection connection, RunRow run, List<StepRow> requested, String reason, String subject)
      throws SQLException {
    String runId = run.id().toString();
    String correlationId = run.chainId();
    EventEnvelope<RunCancelled> cancelled =
        EventEnvelope.first(
            service,
            runId,
            correlationId,
            new RunCancelled(
                runId,
                run.pipelineName(),
                run.pipelineVersion(),
                run.dataset().datasetName(),
                run.dataset().versionId(),
                reason,
                subject));
    outbox.append(connection, cancelled);
    for (StepCancelRequested stop : AttemptStops.forRequested(runId, requested, reason)) {
      outbox.append(connection, EventEnvelope.causedBy(cancelled, service, runId, stop));
    }
  }
}
