package io.sluice.launcher.local;

import io.sluice.events.FailureReason;
import io.sluice.events.SecretRef;
import io.sluice.launcher.step.StepFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a step's {@link SecretRef}s from the launcher's own environment, never from events: the
 * secret {@code db-creds} key {@code password} is the variable {@code
 * SLUICE_SECRET_DB_CREDS_PASSWORD}. Values are never logged.
 */
public final class SecretResolver {

  private final Map<String, String> launcherEnv;

  public SecretResolver(Map<String, String> launcherEnv) {
    this.launcherEnv = Map.copyOf(launcherEnv);
  }

  /** The step variables the references name, with their values. */
  public Map<String, String> resolve(List<SecretRef> refs) throws StepFailure {
    Map<String, String> values = new LinkedHashMap<>();
    for (SecretRef ref : refs) {
      String variable = variableOf(ref);
      String value = launcherEnv.get(variable);
      if (value == null) {
        throw new StepFailure(
            FailureReason.INVALID_REQUEST,
            false,
            "secret '"
                + ref.secretName()
                + "' key '"
                + ref.key()
                + "' is not configured ("
                + variable
                + ")");
      }
      values.put(ref.envVar(), value);
    }
    return values;
  }

  static String variableOf(SecretRef ref) {
    return ("SLUICE_SECRET_" + ref.secretName() + "_" + ref.key())
        .toUpperCase(Locale.ROOT)
        .replaceAll("[^A-Z0-9_]", "_");
  }
}
