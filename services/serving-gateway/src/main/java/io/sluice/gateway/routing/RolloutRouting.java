package io.sluice.gateway.routing;

import io.sluice.gateway.inference.ServedModel;
import java.util.Optional;

/**
 * What the rollout control plane asks of this replica's router. Every replica applies the same
 * calls, in the same order, from the rollout's recorded state; none of them blocks a request.
 */
public interface RolloutRouting {

  /**
   * Puts a loaded, warmed-up candidate next to the model's stable version with the given shares.
   * The router holds a reference to it from then on (retiring it when it is dropped or replaced).
   */
  void startCandidate(ServedModel candidate, int candidatePercent, int shadowPercent);

  /** Changes the shares of the model's current candidate. */
  void setShares(String model, int candidatePercent, int shadowPercent);

  /** The candidate becomes the stable version with all traffic; the old stable one is retired. */
  void promoteCandidate(String model);

  /** All traffic goes back to the stable version at once; the candidate is retired. */
  void dropCandidate(String model);

  /** The model's split, empty when no candidate is in rollout. */
  Optional<TrafficSplit> split(String model);
}
