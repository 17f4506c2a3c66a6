package io.sluice.events;

import java.util.Set;

/**
 * A node taint a step tolerates.
 *
 * @param key the taint's key
 * @param value the taint's value, or null to tolerate any value of the key
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record StepToleration(String key, @Nullable String value, String effect) {

  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  public StepToleration {
    Checks.notBlank(key, "key");
    Checks.nullOrNotBlank(value, "value");
    Checks.notBlank(effect, "effect");
    if (!EFFECTS.contains(effect)) {
      throw new IllegalArgumentException(
          "effect must be one of " + EFFECTS + ", got '" + effect + "'");
    }
  }
}
