package io.sluice.ingest.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.events.Completion;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.drop.CompletionQueue;
import io.sluice.ingest.drop.PendingDrops;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Completes drops of QUIET_PERIOD datasets once no object arrived for the quiet period. A timer is
 * enough here: the period is seconds long, and the {@code _SUCCESS} path never waits for it. Each
 * due drop moves from pending to {@link CompletionQueue} in one short transaction with its pending
 * row locked, so replicas share the work; the {@link CompletionWorker} reads it afterwards.
 */
@ApplicationScoped
public class QuietPeriodWatcher {

  private static final Logger LOG = Logger.getLogger(QuietPeriodWatcher.class);

  /** Bounds one check so a backlog cannot starve the timer thread. */
  static final int MAX_DROPS_PER_CHECK = 50;

  private final Transactor transactor;
  private final PendingDrops pending;
  private final CompletionQueue completions;
  private final CompletionWorker worker;
  private final IngestConfig config;
  private ScheduledExecutorService timer;

  public QuietPeriodWatcher(
      Transactor transactor,
      PendingDrops pending,
      CompletionQueue completions,
      CompletionWorker worker,
      IngestConfig config) {
    this.transactor = transactor;
    this.pending = pending;
    this.completions = completions;
    this.worker = worker;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ingest-quiet-period"));
    long millis = config.quietCheckInterval().toMillis();
    timer.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Completes every drop that is due now; returns how many. */
  int check() {
    int completed = 0;
    try {
      while (completed < MAX_DROPS_PER_CHECK && completeOneDue()) {
        completed++;
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "completing a quiet drop failed; it stays pending and is retried");
    }
    if (completed > 0) {
      worker.wake();
    }
    return completed;
  }

  private boolean completeOneDue() {
    return transactor.inTransaction(
        connection -> {
          var due = pending.claimDue(connection);
          if (due.isEmpty()) {
            return false;
          }
          pending.remove(connection, due.get().dataset(), due.get().dropFolder());
          completions.request(
              connection, due.get().dataset(), due.get().dropFolder(), Completion.QUIET_PERIOD);
          return true;
        });
  }
}
