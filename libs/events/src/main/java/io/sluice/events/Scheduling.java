package io.sluice.events;

import java.util.List;
import java.util.Map;

/**
 * Where and when a step may run, beyond its resources: read by the Kubernetes executor (the local
 * executor has one host and ignores it). Added to {@code step.requested} as an optional field, so
 * requests without it read as before.
 *
 * @param queue the queue the step waits in (a Kueue LocalQueue, or the launcher's own queue); null
 *     for the launcher's default
 * @param priority order among waiting steps of a queue: higher first (0 by default)
 * @param nodeSelector node labels the step's node must have, on top of the cluster's
 * @param tolerations taints the step tolerates, on top of the cluster's
 */
public record Scheduling(
    @Nullable String queue,
    int priority,
    Map<String, String> nodeSelector,
    List<StepToleration> tolerations) {

  public Scheduling {
    Checks.nullOrNotBlank(queue, "queue");
    nodeSelector = Checks.map(nodeSelector, "nodeSelector");
    tolerations = Checks.list(tolerations, "tolerations");
  }
}
