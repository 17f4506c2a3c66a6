package io.sluice.ingest.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.WakeablePoller;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetStore;
import io.sluice.ingest.drop.CompletionQueue;
import io.sluice.ingest.drop.CompletionQueue.Claimed;
import io.sluice.ingest.drop.DropCompleter;
import io.sluice.ingest.drop.DropInspector;
import io.sluice.ingest.drop.DropResult;
import io.sluice.ingest.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads the complete drops of {@link CompletionQueue}, one at a time on its own thread: claim the
 * drop in one short transaction, list, read and hash it with no transaction open and outside any
 * consumer's poll loop, then record the outcome in a second short transaction that also ends the
 * claim. A store failure releases the drop for a later try; a crash leaves the claim to expire.
 */
@ApplicationScoped
public class CompletionWorker {

  private static final Logger LOG = Logger.getLogger(CompletionWorker.class);

  /** Bounds one pass so that a backlog cannot keep the thread from its timer. */
  static final int MAX_DROPS_PER_PASS = 50;

  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  private final Transactor transactor;
  private final CompletionQueue queue;
  private final DatasetStore datasets;
  private final DropInspector inspector;
  private final DropCompleter completer;
  private final IngestConfig config;
  private volatile WakeablePoller poller;

  public CompletionWorker(
      Transactor transactor,
      CompletionQueue queue,
      DatasetStore datasets,
      ObjectStore store,
      DropCompleter completer,
      IngestConfig config) {
    this.transactor = transactor;
    this.queue = queue;
    this.datasets = datasets;
    this.inspector = new DropInspector(store);
    this.completer = completer;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    poller =
        WakeablePoller.start("ingest-drop-reader", config.completion().pollInterval(), this::pass);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.close();
    }
  }

  /** Reads newly requested drops soon, instead of at the next poll; cheap to call often. */
  public void wake() {
    WakeablePoller running = poller;
    if (running != null) {
      running.wake();
    }
  }

  /** Reads every drop that is due now, up to a bound; returns how many it settled. */
  int pass() {
    int settled = 0;
    try {
      while (settled < MAX_DROPS_PER_PASS && readOne()) {
        settled++;
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "claiming or recording a complete drop failed; it is tried again");
    }
    return settled;
  }

  private boolean readOne() {
    Optional<Claimed> claimed =
        transactor.inTransaction(c -> queue.claim(c, config.completion().lease()));
    if (claimed.isEmpty()) {
      return false;
    }
    Claimed drop = claimed.get();
    MDC.put("dataset", drop.dataset());
    MDC.put("drop", drop.dropFolder());
    try {
      read(drop);
    } finally {
      MDC.remove("dataset");
      MDC.remove("drop");
    }
    return true;
  }

  private void read(Claimed drop) {
    Optional<DatasetDefinition> dataset =
        transactor.inTransaction(c -> datasets.find(c, drop.dataset()));
    DropResult result;
    try {
      // The long part: list, read and hash the whole drop, with no transaction open.
      result = inspector.inspect(dataset.orElseThrow(), drop.dropFolder());
    } catch (RuntimeException e) {
      Duration delay = retryDelay(drop.attempts());
      LOG.warnf(
          "reading drop %s failed (try %d), trying again in %ds: %s",
          drop.dropFolder(), drop.attempts(), delay.toSeconds(), e.getMessage());
      transactor.run(c -> queue.retryAfter(c, drop, delay));
      return;
    }
    transactor.run(c -> recordIfStillClaimed(c, dataset.get(), drop, result));
  }

  private void recordIfStillClaimed(
      Connection connection, DatasetDefinition dataset, Claimed drop, DropResult result)
      throws SQLException {
    if (!queue.stillHolds(connection, drop)) {
      LOG.warnf(
          "drop %s was taken over by another replica while it was read (lease %s); its outcome"
              + " is theirs to record",
          drop.dropFolder(), config.completion().lease());
      return;
    }
    completer.record(connection, dataset, drop.dropFolder(), drop.completion(), result);
    queue.done(connection, drop);
  }

  static Duration retryDelay(int attempts) {
    Duration delay = FIRST_RETRY.multipliedBy(Math.max(1, attempts));
    return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
  }
}
