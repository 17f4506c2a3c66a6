package io.sluice.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the payload records' compact constructors. Messages name the field so
 * that a rejected payload says what is wrong with it.
 */
final class Checks {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private Checks() {}

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " is required but was null");
    }
    return value;
  }

  static String notBlank(String value, String field) {
    required(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /** A value that may be absent, but is never an empty or blank string when present. */
  static String nullOrNotBlank(String value, String field) {
    return value == null ? null : notBlank(value, field);
  }

  static String sha256(String value, String field) {
    required(value, field);
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be 64 lower-case hex digits (a sha256), got '" + value + "'");
    }
    return value;
  }

  static String nullOrSha256(String value, String field) {
    return value == null ? null : sha256(value, field);
  }

  static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  static double finite(double value, String field) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number, got " + value);
    }
    return value;
  }

  /** An immutable copy; null becomes empty; a null element is rejected with its index. */
  static <T> List<T> list(List<T> values, String field) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new NullPointerException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(values);
  }

  static <T> List<T> nonEmptyList(List<T> values, String field) {
    List<T> copy = list(values, field);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return copy;
  }

  /** A list of strings that are not blank, e.g. step names. */
  static List<String> notBlankList(List<String> values, String field) {
    List<String> copy = list(values, field);
    for (int i = 0; i < copy.size(); i++) {
      notBlank(copy.get(i), field + "[" + i + "]");
    }
    return copy;
  }

  /**
   * An immutable copy that keeps the given iteration order (params and env read better in the order
   * they were written); null becomes empty; null keys or values are rejected.
   */
  static <V> Map<String, V> map(Map<String, V> values, String field) {
    if (values == null) {
      return Map.of();
    }
    Map<String, V> copy = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (key == null) {
            throw new NullPointerException(field + " must not have a null key");
          }
          if (value == null) {
            throw new NullPointerException(field + "['" + key + "'] must not be null");
          }
          copy.put(key, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Metrics: names not blank, values finite (JSON has no NaN or infinity). */
  static Map<String, Double> metrics(Map<String, Double> values, String field) {
    Map<String, Double> copy = map(values, field);
    copy.forEach(
        (name, value) -> {
          notBlank(name, field + " key");
          finite(value, field + "['" + name + "']");
        });
    return copy;
  }
}
