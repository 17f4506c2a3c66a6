package io.sluice.launcher.step;

import io.sluice.events.DatasetSchema;
import io.sluice.events.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the dataset schema of a request where the step reads it: the file named by {@code
 * SLUICE_DATASET_SCHEMA}, the same JSON as {@code step.requested}'s {@code datasetSchema}. Both
 * executors use it (the Kubernetes one through stage-in).
 */
public final class DatasetSchemaFile {

  /** The variable that names the file in the step's environment. */
  public static final String ENV = "SLUICE_DATASET_SCHEMA";

  private DatasetSchemaFile() {}

  /** Writes {@code schema} to {@code file}, readable by any user (a step may run as another). */
  public static Path write(Path file, DatasetSchema schema) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, Json.mapper().writeValueAsBytes(schema));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its default permissions apply
    }
    return file;
  }
}
