package io.sluice.gateway.routing;

import io.sluice.gateway.inference.ServedModel;
import java.util.Optional;

/**
 * The versions of one model that take traffic on this replica now, and their shares. Immutable: the
 * router switches a model's whole route with one compare-and-set, so a request sees either the old
 * shares or the new ones, never half of each.
 *
 * @param stable the version answering the rest of the traffic, null only while a model's very first
 *     version is a candidate
 * @param candidate the version in rollout, null when none is
 * @param candidatePercent the share of requests the candidate answers
 * @param shadowPercent the share of the stable version's requests also copied to the candidate
 */
public record Route(
    ServedModel stable, ServedModel candidate, int candidatePercent, int shadowPercent) {

  /** A model served by one version, with no rollout. */
  public static Route of(ServedModel stable) {
    return new Route(stable, null, 0, 0);
  }

  /** The version for a request in {@code bucket} (0 to 99): the candidate below its share. */
  public ServedModel pick(int bucket) {
    if (candidate == null) {
      return stable;
    }
    if (stable == null) {
      // Nothing else could answer: a first version in rollout takes what it is sent.
      return candidate;
    }
    return bucket < candidatePercent ? candidate : stable;
  }

  /** What answers for the model as a whole (metadata, readiness): the stable version. */
  public ServedModel primary() {
    return stable != null ? stable : candidate;
  }

  /** The loaded version with this number, null when neither the stable one nor the candidate. */
  public ServedModel version(int number) {
    if (stable != null && stable.versionNumber() == number) {
      return stable;
    }
    if (candidate != null && candidate.versionNumber() == number) {
      return candidate;
    }
    return null;
  }

  /** True when a request the stable version answers with shadow draw {@code draw} is copied. */
  public boolean mirrors(ServedModel answering, int draw) {
    return candidate != null && answering == stable && draw < shadowPercent;
  }

  public Route withCandidate(ServedModel next, int nextPercent, int nextShadow) {
    return new Route(stable, next, nextPercent, nextShadow);
  }

  public Route withStable(ServedModel next) {
    return new Route(next, candidate, candidatePercent, shadowPercent);
  }

  /** True when {@code model} (this very object) is part of the route. */
  public boolean holds(ServedModel model) {
    return model != null && (model == stable || model == candidate);
  }

  /** The split the rollout control plane reads, empty without a candidate. */
  public Optional<TrafficSplit> split() {
    if (candidate == null) {
      return Optional.empty();
    }
    int stableVersion = stable == null ? 0 : stable.versionNumber();
    return Optional.of(
        new TrafficSplit(
            stableVersion, candidate.versionNumber(), candidatePercent, shadowPercent));
  }
}
