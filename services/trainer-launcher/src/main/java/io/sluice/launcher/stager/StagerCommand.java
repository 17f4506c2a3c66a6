package io.sluice.launcher.stager;

import io.sluice.events.Json;
import io.sluice.launcher.step.StagingLayout;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code stage-in} / {@code stage-out}: the trainer-launcher image run as a step pod's stager. It
 * reads everything from its environment (the plan, the store endpoint, and the credentials that
 * Kubernetes injects from a Secret), so nothing sensitive is on a command line.
 */
public final class StagerCommand {

  public static final String STAGE_IN = "stage-in";
  public static final String STAGE_OUT = "stage-out";

  private StagerCommand() {}

  /** Whether {@code args} ask for a stager rather than the launcher service. */
  public static boolean handles(String[] args) {
    return args.length == 1 && (args[0].equals(STAGE_IN) || args[0].equals(STAGE_OUT));
  }

  /** Runs the stager named by {@code role}; returns the process's exit code. */
  public static int run(String role, Map<String, String> env) throws Exception {
    StagingPlan plan = Json.mapper().readValue(required(env, StagingPlan.ENV), StagingPlan.class);
    StagingLayout layout =
        new StagingLayout(Path.of(env.getOrDefault("SLUICE_STAGING_ROOT", StagingLayout.POD_ROOT)));
    Path terminationLog =
        Path.of(env.getOrDefault("SLUICE_TERMINATION_LOG", "/dev/termination-log"));
    try (StorageClient storage = StorageClient.create(StorageSettings.fromEnvironment(env))) {
      Stager stager = new Stager(new ObjectStore(storage), layout, terminationLog);
      if (role.equals(STAGE_IN)) {
        return stager.stageIn(plan);
      }
      // The Job's activeDeadlineSeconds ends the pod long before this bound.
      return stager.stageOut(plan, Duration.ofDays(8));
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the stager needs the environment variable " + name);
    }
    return value;
  }
}
