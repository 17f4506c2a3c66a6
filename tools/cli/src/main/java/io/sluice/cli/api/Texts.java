package io.sluice.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** How the tables show values: short hashes, times to the second, durations like {@code 2m05s}. */
public final class Texts {

  private Texts() {}

  /** The first 12 characters of a hash (enough to tell versions apart on a screen). */
  public static String shortHash(String hash) {
    return hash == null || hash.length() <= 12 ? hash : hash.substring(0, 12);
  }

  /** A text member, or null when absent or null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** An instant as {@code 2026-12-03 12:15:26Z}, or null. */
  public static String time(String instant) {
    if (instant == null) {
      return null;
    }
    try {
      String text = Instant.parse(instant).toString();
      return text.replace('T', ' ').replaceFirst("\\.[0-9]+Z$", "Z");
    } catch (DateTimeParseException e) {
      return instant;
    }
  }

  /**
   * How long from {@code start} to {@code end}, or to {@code now} while it runs; null without a
   * start.
   */
  public static String duration(String start, String end, Instant now) {
    if (start == null) {
      return null;
    }
    try {
      Instant from = Instant.parse(start);
      Instant to = end == null ? now : Instant.parse(end);
      return duration(Duration.between(from, to)) + (end == null ? "+" : "");
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return "%dm%02ds".formatted(seconds / 60, seconds % 60);
    }
    return "%dh%02dm".formatted(seconds / 3600, (seconds % 3600) / 60);
  }
}
