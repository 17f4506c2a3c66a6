package io.sluice.ingest.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.events.Completion;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.dataset.DatasetStore;
import io.sluice.ingest.drop.DropCompleter;
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
 * drop is completed in its own transaction with its pending row locked, so replicas share the work
 * and a store failure leaves the drop pending for the next check.
 */
@ApplicationScoped
public class QuietPeriodWatcher {

  private static final Logger LOG = Logger.getLogger(QuietPeriodWatcher.class);

  /** Bounds one check so a backlog cannot starve the timer thread. */
  static final int MAX_DROPS_PER_CHECK = 50;

  private final Transactor transactor;
  private final PendingDrops pending;
  private final DatasetStore datasets;
  private final DropCompleter completer;
  private final IngestConfig config;
  private ScheduledExecutorService timer;

  public QuietPeriodWatcher(
      Transactor transactor,
      PendingDrops pending,
      DatasetStore datasets,
      DropCompleter completer,
      IngestConfig config) {
    this.transactor = transactor;
    this.pending = pending;
    this.datasets = datasets;
    this.completer = completer;
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
    return completed;
  }

  private boolean completeOneDue() {
    return transactor.inTransaction(
        connection -> {
          var due = pending.claimDue(connection);
          if (due.isEmpty()) {
            return false;
          }
          var dataset = datasets.find(connection, due.get().dataset()).orElseThrow();
          completer.complete(connection, dataset, due.get().dropFolder(), Completion.QUIET_PERIOD);
          return true;
        });
  }
}
