package io.sluice.launcher.step;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the environment of a step's process. It starts from a short allow-list of the launcher's
 * own variables (so the launcher's credentials never leak into a step), then the request's env,
 * then the contract's {@code SLUICE_*} variables, then resolved secrets; later entries win.
 */
public final class StepEnvironment {

  /** Launcher variables a host command needs to work at all. */
  static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

  private static final Pattern SENSITIVE =
      Pattern.compile(".*(SECRET|PASSWORD|TOKEN|KEY).*", Pattern.CASE_INSENSITIVE);

  private final Map<String, String> env = new LinkedHashMap<>();

  private StepEnvironment() {}

  /** Starts from the allow-listed variables of {@code launcherEnv}. */
  public static StepEnvironment inheriting(Map<String, String> launcherEnv) {
    StepEnvironment environment = new StepEnvironment();
    for (String name : INHERITED) {
      String value = launcherEnv.get(name);
      if (value != null) {
        environment.env.put(name, value);
      }
    }
    return environment;
  }

  public StepEnvironment with(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  public StepEnvironment input(String name, Path folder) {
    env.put("SLUICE_INPUT_" + envName(name), folder.toString());
    return this;
  }

  public StepEnvironment output(String name, Path folder) {
    env.put("SLUICE_OUTPUT_" + envName(name), folder.toString());
    return this;
  }

  public StepEnvironment metricsFile(Path file) {
    env.put("SLUICE_METRICS_FILE", file.toString());
    // ONNX Runtime otherwise writes a device id into the user's cache folder.
    env.put("ORT_DISABLE_TELEMETRY", "1");
    return this;
  }

  /** Where the dataset's declared schema is, as JSON ({@code SLUICE_DATASET_SCHEMA}). */
  public StepEnvironment datasetSchema(Path file) {
    env.put(DatasetSchemaFile.ENV, file.toString());
    return this;
  }

  /** Where the step's secret files are ({@code SLUICE_SECRETS_DIR}). */
  public StepEnvironment secretsDir(Path folder) {
    env.put(io.sluice.events.SecretRef.SECRETS_DIR_ENV, folder.toString());
    return this;
  }

  public Map<String, String> toMap() {
    return Map.copyOf(env);
  }

  /** Values of variables whose names look sensitive: these are masked in logs. */
  public List<String> sensitiveValues() {
    return env.entrySet().stream()
        .filter(e -> SENSITIVE.matcher(e.getKey()).matches())
        .map(Map.Entry::getValue)
        .filter(value -> !value.isBlank())
        .toList();
  }

  /** {@code train-set} becomes {@code TRAIN_SET}: upper case, anything else an underscore. */
  static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
