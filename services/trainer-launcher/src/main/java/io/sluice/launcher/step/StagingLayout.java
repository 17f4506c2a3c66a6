package io.sluice.launcher.step;

import java.nio.file.Path;

/**
 * The folder a step works in: {@code inputs/<name>/}, {@code outputs/<name>/}, the metrics file,
 * the dataset schema file, and (in a pod) the command's exit code. The local executor's attempt
 * folder and a step pod's shared folder (an {@code emptyDir} mounted at {@link #POD_ROOT} in its
 * three containers) have this same layout.
 */
public record StagingLayout(Path root) {

  /** Where the shared folder is mounted in a step pod. */
  public static final String POD_ROOT = "/sluice";

  /** The layout as the step's container sees it. */
  public static StagingLayout inPod() {
    return new StagingLayout(Path.of(POD_ROOT));
  }

  public Path input(String name) {
    return root.resolve("inputs").resolve(FolderNames.safe(name));
  }

  public Path output(String name) {
    return root.resolve("outputs").resolve(FolderNames.safe(name));
  }

  public Path metricsFile() {
    return root.resolve("metrics.json");
  }

  /** The dataset's declared schema as JSON ({@code SLUICE_DATASET_SCHEMA}), when there is one. */
  public Path datasetSchemaFile() {
    return root.resolve("dataset-schema.json");
  }

  /** Written by the step container's wrapper when the command exits; stage-out waits for it. */
  public Path exitCodeFile() {
    return root.resolve("status").resolve("exit-code");
  }
}
