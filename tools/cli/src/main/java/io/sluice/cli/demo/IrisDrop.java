package io.sluice.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What the demo drops into the {@code datasets} bucket: the shipped Iris CSV under {@code
 * iris/<date>/}, or for {@code --fresh} a variant (the same rows in another order, so a new dataset
 * version with a different train/test split) under a folder of its own.
 *
 * @param folder the drop folder, e.g. {@code iris/2026-11-23/}
 * @param csv the bytes of {@code iris.csv}
 */
public record IrisDrop(String folder, byte[] csv) {

  public static final String DATA_FILE = "iris.csv";
  public static final String SUCCESS_MARKER = "_SUCCESS";

  public static IrisDrop original(Path repoRoot, LocalDateTime now) {
    return new IrisDrop(
        "iris/" + now.format(DateTimeFormatter.ISO_LOCAL_DATE) + "/", read(repoRoot));
  }

  public static IrisDrop fresh(Path repoRoot, LocalDateTime now, long seed) {
    String folder = "iris/" + now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")) + "/";
    return new IrisDrop(folder, shuffledRows(read(repoRoot), seed));
  }

  public String dataKey() {
    return folder + DATA_FILE;
  }

  public String markerKey() {
    return folder + SUCCESS_MARKER;
  }

  static byte[] shuffledRows(byte[] csv, long seed) {
    List<String> lines = new ArrayList<>(new String(csv, StandardCharsets.UTF_8).lines().toList());
    String header = lines.remove(0);
    lines.removeIf(String::isBlank);
    Collections.shuffle(lines, new Random(seed));
    return (header + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path repoRoot) {
    Path csv = repoRoot.resolve("examples/iris/iris.csv");
    try {
      return Files.readAllBytes(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
  }
}
