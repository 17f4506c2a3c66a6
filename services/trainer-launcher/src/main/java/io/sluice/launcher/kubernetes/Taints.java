package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.sluice.events.StepToleration;
import java.util.List;
import java.util.Set;

/**
 * Reads tolerations written the way {@code kubectl taint} writes taints: {@code key=value:Effect}
 * tolerates exactly that taint, {@code key:Effect} any value of the key.
 */
public final class Taints {

  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private Taints() {}

  public static List<Toleration> tolerating(List<String> taints) {
    return taints.stream().map(Taints::tolerating).toList();
  }

  /** The toleration a step asked for. */
  public static Toleration tolerating(StepToleration taint) {
    TolerationBuilder toleration =
        new TolerationBuilder().withKey(taint.key()).withEffect(taint.effect());
    return taint.value() == null
        ? toleration.withOperator("Exists").build()
        : toleration.withOperator("Equal").withValue(taint.value()).build();
  }

  /** The toleration of one taint; a clear error names a malformed one. */
  public static Toleration tolerating(String taint) {
    int colon = taint.lastIndexOf(':');
    if (colon <= 0 || !EFFECTS.contains(taint.substring(colon + 1))) {
      throw new IllegalArgumentException(
          "toleration '" + taint + "' must be key[=value]:Effect with Effect one of " + EFFECTS);
    }
    String effect = taint.substring(colon + 1);
    String keyValue = taint.substring(0, colon);
    int equals = keyValue.indexOf('=');
    TolerationBuilder toleration = new TolerationBuilder().withEffect(effect);
    if (equals < 0) {
      return toleration.withKey(keyValue).withOperator("Exists").build();
    }
    return toleration
        .withKey(keyValue.substring(0, equals))
        .withOperator("Equal")
        .withValue(keyValue.substring(equals + 1))
        .build();
  }
}
