package io.sluice.gateway.rollout;

import io.quarkus.arc.DefaultBean;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.inference.StaleVersionException;
import io.sluice.gateway.routing.RolloutRouting;
import io.sluice.gateway.routing.TrafficSplit;
import io.sluice.gateway.routing.VersionMeasurements;
import io.sluice.gateway.routing.VersionSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the router's rollout side, used by the tests only while the module has no real
 * {@link RolloutRouting} (a {@link DefaultBean}: the router's implementation replaces it as soon as
 * it exists). It keeps each model's split and candidate, sends no request to the candidate and
 * measures nothing: the rollout tests write measurements into the table as replicas do.
 */
@DefaultBean
@ApplicationScoped
public class StandInRouting implements RolloutRouting, VersionMeasurements {

  private final ModelRouter router;
  private final Map<String, ServedModel> candidates = new ConcurrentHashMap<>();
  private final Map<String, TrafficSplit> splits = new ConcurrentHashMap<>();

  public StandInRouting(ModelRouter router) {
    this.router = router;
  }

  @Override
  public void startCandidate(ServedModel candidate, int candidatePercent, int shadowPercent) {
    int stable = router.servingVersion(candidate.name()).orElse(0);
    ServedModel previous = candidates.put(candidate.name(), candidate);
    if (previous != null && previous != candidate) {
      previous.retire();
    }
    splits.put(
        candidate.name(),
        new TrafficSplit(stable, candidate.versionNumber(), candidatePercent, shadowPercent));
  }

  @Override
  public void setShares(String model, int candidatePercent, int shadowPercent) {
    splits.computeIfPresent(
        model,
        (name, split) ->
            new TrafficSplit(
                split.stableVersion(), split.candidateVersion(), candidatePercent, shadowPercent));
  }

  @Override
  public void promoteCandidate(String model) {
    splits.remove(model);
    ServedModel candidate = candidates.remove(model);
    if (candidate == null) {
      return;
    }
    try {
      router.serve(candidate);
    } catch (StaleVersionException e) {
      candidate.retire();
    }
  }

  @Override
  public void dropCandidate(String model) {
    splits.remove(model);
    Optional.ofNullable(candidates.remove(model)).ifPresent(ServedModel::retire);
  }

  @Override
  public Optional<TrafficSplit> split(String model) {
    return Optional.ofNullable(splits.get(model));
  }

  @Override
  public VersionSample drain(String model, int version) {
    return VersionSample.empty();
  }
}
