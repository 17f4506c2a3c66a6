package io.sluice.orchestrator.run;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Requests the next attempt of every step whose retry timer is due, one run per transaction. Each
 * run is locked the way event handling locks it, and its timers are read again under the lock: a
 * timer is fired once however many replicas look, and never for a run that has ended.
 */
@ApplicationScoped
public class DueRetries {

  /** How long a run whose retries could not be requested waits before the next try. */
  static final Duration UNFIREABLE_PAUSE = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(DueRetries.class);

  private final RunStore runs = new RunStore();
  private final RetryTimers timers = new RetryTimers();
  private final Transactor transactor;
  private final Outbox outbox;
  private final PipelineSpecs specs;
  private final StepDispatcher dispatcher;
  private final String service;

  public DueRetries(
      Transactor transactor,
      Outbox outbox,
      PipelineSpecs specs,
      StepDispatcher dispatcher,
      EventingConfig eventing) {
    this.transactor = transactor;
    this.outbox = outbox;
    this.specs = specs;
    this.dispatcher = dispatcher;
    this.service = eventing.service();
  }

  /**
   * Fires the due timers of every run this replica can lock.
   *
   * @return how long until the next timer is due (zero or negative: due, but its run is busy);
   *     empty when no step waits
   */
  public Optional<Duration> fire() {
    boolean fired;
    do {
      fired = fireOneRunOrPostpone();
    } while (fired);
    return transactor.inTransaction(timers::untilNext);
  }

  /**
   * A database failure propagates (the scheduler backs off). Any other failure is this run's alone
   * (e.g. a stored spec or cause that no longer reads): its timers are postponed and logged, so the
   * other runs' retries are not held up behind it.
   */
  private boolean fireOneRunOrPostpone() {
    AtomicReference<UUID> locked = new AtomicReference<>();
    try {
      return transactor.inTransaction(connection -> fireOneRun(connection, locked));
    } catch (TransactionFailedException e) {
      if (locked.get() == null || e.getCause() instanceof SQLException) {
        throw e;
      }
      LOG.errorf(
          e,
          "run=%s: could not request its due retries; trying again in %s",
          locked.get(),
          UNFIREABLE_PAUSE);
      transactor.run(connection -> timers.postpone(connection, locked.get(), UNFIREABLE_PAUSE));
      return true;
    }
  }

  private boolean fireOneRun(Connection connection, AtomicReference<UUID> locked)
      throws SQLException {
    Optional<UUID> runId = timers.lockRunWithDueTimer(connection);
    if (runId.isEmpty()) {
      return false;
    }
    locked.set(runId.get());
    RunRow run = runs.run(connection, runId.get()).orElseThrow();
    PipelineSpec spec = specs.spec(connection, run.pipelineName(), run.pipelineVersion());
    List<StepRow> steps = runs.steps(connection, run.id());
    for (RetryTimers.Due due : timers.due(connection, run.id())) {
      StepSpec step = spec.step(due.stepName()).orElseThrow();
      StepDispatcher.Emitter continuingTheFailure =
          event ->
              outbox.append(
                  connection, due.cause().causedEvent(service, run.id().toString(), event));
      dispatcher.request(
          connection, continuingTheFailure, step, due.failedAttempt() + 1, run, steps);
    }
    return true;
  }
}
