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

  /**
   * Reads a toleration written the way {@code kubectl taint} writes the taint it tolerates: {@code
   * key=value:Effect} for exactly that taint, {@code key:Effect} for any value of the key.
   *
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static StepToleration parse(String text) {
    int colon = text.lastIndexOf(':');
    String effect = colon < 0 ? "" : text.substring(colon + 1);
    if (colon <= 0 || !EFFECTS.contains(effect)) {
      throw new IllegalArgumentException(
          "toleration '"
              + text
              + "' must be key[=value]:Effect with Effect one of NoSchedule, PreferNoSchedule,"
              + " NoExecute");
    }
    String keyValue = text.substring(0, colon);
    int equals = keyValue.indexOf('=');
    if (equals < 0) {
      return new StepToleration(keyValue, null, effect);
    }
    String value = keyValue.substring(equals + 1);
    return new StepToleration(
        keyValue.substring(0, equals), value.isEmpty() ? null : value, effect);
  }

  /** The toleration as {@link #parse} reads it. */
  public String text() {
    return key + (value == null ? "" : "=" + value) + ":" + effect;
  }
}
