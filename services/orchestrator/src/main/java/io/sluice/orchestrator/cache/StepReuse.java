package io.sluice.orchestrator.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.events.StepDone;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.spec.StepSpec;
import io.sluice.orchestrator.storage.StoredOutputs;
import io.sluice.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides whether a step's first attempt completes from the step cache: its key has an entry that
 * covers the step's outputs and whose files are all still in the object store. Counts every lookup
 * in {@code sluice_orchestrator_step_cache_lookups_total{result}}.
 */
@ApplicationScoped
public class StepReuse {

  /** The {@code executor} of a {@code step.done} that reused a cache entry. */
  public static final String EXECUTOR = "cache";

  /** The {@code node} of such a {@code step.done}: nothing ran, the orchestrator answered. */
  public static final String NODE = "orchestrator";

  private static final Logger LOG = Logger.getLogger(StepReuse.class);
  private static final String LOOKUPS = "sluice.orchestrator.step.cache.lookups";

  private final StepCache cache = new StepCache();
  private final StoredOutputs stored;
  private final Counter hits;
  private final Counter misses;
  private final Counter stale;
  private final Counter unchecked;

  public StepReuse(StoredOutputs stored, MeterRegistry meters) {
    this.stored = stored;
    this.hits = meters.counter(LOOKUPS, "result", "hit");
    this.misses = meters.counter(LOOKUPS, "result", "miss");
    this.stale = meters.counter(LOOKUPS, "result", "stale");
    this.unchecked = meters.counter(LOOKUPS, "result", "unchecked");
  }

  /**
   * The {@code step.done} that completes the requested attempt from the cache, or empty when the
   * step must run: no entry, an entry without every output the step declares, outputs gone from the
   * store (the entry is removed), or a store that cannot answer now (the entry is kept).
   */
  public Optional<StepDone> reuse(
      Connection connection, StepRequested request, StepSpec step, Instant now)
      throws SQLException {
    Optional<CacheEntry> found = cache.find(connection, request.cacheKey());
    Optional<List<StepOutput>> outputs = found.flatMap(entry -> declared(entry, step));
    if (outputs.isEmpty()) {
      misses.increment();
      return Optional.empty();
    }
    CacheEntry entry = found.get();
    if (!stillStored(connection, request, entry, outputs.get())) {
      return Optional.empty();
    }
    hits.increment();
    return Optional.of(
        new StepDone(
            request.runId(),
            request.stepName(),
            request.attempt(),
            request.shardIndex(),
            outputs.get(),
            entry.metrics(),
            0,
            entry.imageDigest(),
            now,
            now,
            EXECUTOR,
            NODE,
            entry.origin()));
  }

  /**
   * Whether the outputs can be reused. Reading the store happens on the caller's transaction: one
   * listing per output, bounded by {@code sluice.s3.call-timeout}; a store that does not answer
   * makes the step run rather than wait for it.
   */
  private boolean stillStored(
      Connection connection, StepRequested request, CacheEntry entry, List<StepOutput> outputs)
      throws SQLException {
    boolean present;
    try {
      present = stored.allPresent(outputs);
    } catch (StorageException e) {
      unchecked.increment();
      LOG.warnf(
          "run=%s step=%s: cache entry of %s/%s/%d not checked (%s); the step runs",
          request.runId(),
          request.stepName(),
          entry.origin().runId(),
          entry.origin().stepName(),
          entry.origin().attempt(),
          e.getMessage());
      return false;
    }
    if (!present) {
      stale.increment();
      cache.forget(connection, entry);
      LOG.infof(
          "run=%s step=%s: outputs of %s/%s/%d are gone from the store; the step runs",
          request.runId(),
          request.stepName(),
          entry.origin().runId(),
          entry.origin().stepName(),
          entry.origin().attempt());
    }
    return present;
  }

  /** The entry's outputs the step declares, in the step's order; empty when one is missing. */
  private static Optional<List<StepOutput>> declared(CacheEntry entry, StepSpec step) {
    List<StepOutput> outputs = new ArrayList<>();
    for (String name : step.outputs()) {
      Optional<StepOutput> output =
          entry.outputs().stream().filter(o -> o.name().equals(name)).findFirst();
      if (output.isEmpty()) {
        return Optional.empty();
      }
      outputs.add(output.get());
    }
    return Optional.of(outputs);
  }
}
