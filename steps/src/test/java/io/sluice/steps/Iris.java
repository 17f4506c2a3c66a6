package io.sluice.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped Iris example data, as tests use it. */
public final class Iris {

  /** The CSV shipped with the repository, relative to this module's folder. */
  public static final Path CSV = Path.of("..", "examples", "iris", "iris.csv");

  private Iris() {}

  /** Copies the Iris CSV into a new data folder under the parent and returns that folder. */
  public static Path dataFolder(Path parent) throws IOException {
    Path folder = Files.createDirectories(parent.resolve("data"));
    Files.copy(CSV, folder.resolve("iris.csv"));
    return folder;
  }
}
