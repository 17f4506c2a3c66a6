package io.sluice.launcher.local;

import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.step.FolderNames;
import io.sluice.launcher.step.StagingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The fresh folder of one attempt: {@code <work-dir>/<run>/<step>/<attempt>[-shard]/}. */
public record AttemptFolder(Path root) {

  /** Creates the folder, removing what an earlier run of the same attempt left there. */
  public static AttemptFolder create(Path workDir, AttemptKey key) throws IOException {
    String attempt =
        key.shardIndex() == 0 ? "" + key.attempt() : key.attempt() + "-" + key.shardIndex();
    Path root =
        workDir
            .toAbsolutePath()
            .resolve(FolderNames.safe(key.runId()))
            .resolve(FolderNames.safe(key.stepName()))
            .resolve(attempt);
    AttemptFolder folder = new AttemptFolder(root);
    folder.delete();
    Files.createDirectories(root.resolve("inputs"));
    Files.createDirectories(root.resolve("outputs"));
    return folder;
  }

  public Path input(String name) {
    return layout().input(name);
  }

  public Path output(String name) {
    return layout().output(name);
  }

  public Path metricsFile() {
    return layout().metricsFile();
  }

  /** The dataset schema file ({@code SLUICE_DATASET_SCHEMA}). */
  public Path datasetSchemaFile() {
    return layout().datasetSchemaFile();
  }

  private StagingLayout layout() {
    return new StagingLayout(root);
  }

  /** The step's secret files ({@code SLUICE_SECRETS_DIR}), only while the attempt runs. */
  public Path secretsDir() {
    return root.resolve("secrets");
  }

  public Path logFile() {
    return root.resolve("step.log");
  }

  /** Removes the folder and everything in it. */
  public void delete() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
