package io.sluice.e2e.story;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Variants of the shipped Iris CSV that the scenarios drop. */
public final class IrisFiles {

  private IrisFiles() {}

  /** The same rows in another (seeded) order: other bytes, so a new dataset version. */
  public static byte[] shuffled(byte[] csv, long seed) {
    List<String> rows = rows(csv);
    String header = rows.remove(0);
    Collections.shuffle(rows, new Random(seed));
    return join(header, rows);
  }

  /** The file with the last field of its third data row cut off: a row with a missing column. */
  public static byte[] withMissingColumn(byte[] csv) {
    List<String> rows = rows(csv);
    String header = rows.remove(0);
    String row = rows.get(2);
    rows.set(2, row.substring(0, row.lastIndexOf(',')));
    return join(header, rows);
  }

  private static List<String> rows(byte[] csv) {
    List<String> rows = new ArrayList<>(new String(csv, StandardCharsets.UTF_8).lines().toList());
    rows.removeIf(String::isBlank);
    return rows;
  }

  private static byte[] join(String header, List<String> rows) {
    return (header + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
