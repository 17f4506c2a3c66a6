package io.sluice.cli.demo;

import io.sluice.events.DataArrived;
import io.sluice.events.ObjectRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
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

  /** The dataset version ingest will give this drop: the same content is the same version. */
  public String versionId(String bucket) {
    ObjectRef csvObject =
        new ObjectRef(bucket, dataKey(), csv.length, null, HexFormat.of().formatHex(sha256(csv)));
    return DataArrived.versionOf(folder, List.of(csvObject));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
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
