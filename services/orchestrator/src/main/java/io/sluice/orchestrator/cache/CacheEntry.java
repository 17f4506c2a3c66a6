package io.sluice.orchestrator.cache;

import io.sluice.events.CachedFrom;
import io.sluice.events.StepOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one cache key produced when a step last ran with it and succeeded.
 *
 * @param cacheKey the key (see {@code StepRequests.cacheKey})
 * @param origin the attempt that produced it
 * @param outputs its outputs as its {@code step.done} reported them
 * @param metrics its metrics
 * @param imageDigest the digest of the image that ran, or null
 * @param storedAt when it was stored
 */
public record CacheEntry(
    String cacheKey,
    CachedFrom origin,
    List<StepOutput> outputs,
    Map<String, Double> metrics,
    String imageDigest,
    Instant storedAt) {

  public CacheEntry {
    outputs = List.copyOf(outputs);
    metrics = Map.copyOf(metrics);
  }
}
