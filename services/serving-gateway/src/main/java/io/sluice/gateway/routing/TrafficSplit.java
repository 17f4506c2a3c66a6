package io.sluice.gateway.routing;

/**
 * How one model's traffic is shared between its stable version and a candidate in rollout, the same
 * on every replica.
 *
 * @param stableVersion the version serving the rest of the traffic, 0 when there is none
 * @param candidateVersion the version being rolled out
 * @param candidatePercent the share of requests the candidate answers, 0 to 100
 * @param shadowPercent the share of requests copied to the candidate, whose answers are compared
 *     with the stable version's and discarded, 0 to 100
 */
public record TrafficSplit(
    int stableVersion, int candidateVersion, int candidatePercent, int shadowPercent) {

  public TrafficSplit {
    if (stableVersion < 0 || candidateVersion < 1 || candidateVersion == stableVersion) {
      throw new IllegalArgumentException(
          "candidate v" + candidateVersion + " next to stable v" + stableVersion);
    }
    percent(candidatePercent, "candidatePercent");
    percent(shadowPercent, "shadowPercent");
  }

  private static void percent(int value, String field) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(field + " must be in [0, 100], got " + value);
    }
  }
}
