package io.sluice.steps.data;

import io.sluice.steps.cli.StepFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A step's input folder of CSV files. A data drop may hold several CSVs (and markers like {@code
 * _SUCCESS}); they are read in path order and concatenated, so they must share one header.
 */
public final class DataFolder {

  private DataFolder() {}

  /**
   * Reads every {@code *.csv} under the folder (recursively, in path order) as one table.
   *
   * @throws StepFailure when the folder is missing, holds no CSV, or the CSVs' headers differ
   */
  public static CsvTable readAll(Path folder) {
    List<Path> files = csvFiles(folder);
    if (files.isEmpty()) {
      throw new StepFailure("no .csv file in " + folder);
    }
    CsvTable first = CsvFormat.read(files.get(0));
    List<CsvRow> rows = new ArrayList<>(first.rows());
    for (Path file : files.subList(1, files.size())) {
      CsvTable next = CsvFormat.read(file);
      if (!next.header().equals(first.header())) {
        throw new StepFailure(
            String.format(
                "%s has header %s but %s has %s: all CSVs of a dataset need the same columns",
                file.getFileName(), next.header(), files.get(0).getFileName(), first.header()));
      }
      rows.addAll(next.rows());
    }
    return first.withRows(rows);
  }

  /**
   * The folder itself, checked to exist.
   *
   * @throws StepFailure when it does not exist or is not a folder
   */
  public static Path existing(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new StepFailure("input folder " + folder + " does not exist or is not a folder");
    }
    return folder;
  }

  /** Creates the output folder (and its parents) if needed. */
  public static Path created(Path folder) {
    try {
      return Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StepFailure("cannot create output folder " + folder + ": " + e.getMessage());
    }
  }

  private static List<Path> csvFiles(Path folder) {
    try (Stream<Path> walk = Files.walk(existing(folder))) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
