package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.sluice.events.StepToleration;
import java.util.List;

/**
 * Turns tolerations, from configuration (written the way {@code kubectl taint} writes taints:
 * {@code key=value:Effect} or {@code key:Effect}) or from a step request, into Kubernetes ones.
 */
public final class Taints {

  private Taints() {}

  /** The tolerations of the taints written in configuration; a clear error names a bad one. */
  public static List<Toleration> tolerating(List<String> taints) {
    return taints.stream().map(StepToleration::parse).map(Taints::tolerating).toList();
  }

  /** The Kubernetes toleration of a step's: {@code Equal} with a value, else {@code Exists}. */
  public static Toleration tolerating(StepToleration taint) {
    TolerationBuilder toleration =
        new TolerationBuilder().withKey(taint.key()).withEffect(taint.effect());
    return taint.value() == null
        ? toleration.withOperator("Exists").build()
        : toleration.withOperator("Equal").withValue(taint.value()).build();
  }
}
