package io.sluice.ingest.drop;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where an object key sits relative to a dataset prefix. A drop is everything under one folder
 * directly below the prefix: {@code iris/2026-11-22/iris.csv} is in drop {@code iris/2026-11-22/}
 * with relative path {@code iris.csv}. Keys that could smuggle a path out of their folder ({@code
 * ..}, empty segments), control characters, hidden drop folders and over-long keys are not in any
 * drop.
 */
public final class DropFolders {

  /** S3 limits keys to 1024 bytes of UTF-8; anything longer did not come from a real store. */
  static final int MAX_KEY_BYTES = 1024;

  /** The marker object that completes a drop. */
  public static final String SUCCESS_MARKER = "_SUCCESS";

  private DropFolders() {}

  /**
   * A key's place in a drop.
   *
   * @param folder the drop folder, with the prefix and a trailing '/', e.g. {@code iris/2026/}
   * @param path the path relative to the drop folder, e.g. {@code iris.csv}
   */
  public record DropKey(String folder, String path) {

    /** Whether this is the drop's {@code _SUCCESS} marker (directly in the drop folder). */
    public boolean isMarker() {
      return path.equals(SUCCESS_MARKER);
    }

    /** Whether this is data: no segment is a marker or hidden file ({@code _*}, {@code .*}). */
    public boolean isData() {
      return isDataPath(path);
    }
  }

  /** The drop of {@code key} below {@code prefix}, or empty when it belongs to no drop. */
  public static Optional<DropKey> locate(String prefix, String key) {
    if (key == null || !key.startsWith(prefix) || whyUnsafe(key).isPresent()) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      return Optional.empty();
    }
    String folderName = rest.substring(0, slash);
    String path = rest.substring(slash + 1);
    if (isHidden(folderName) || !safeSegments(folderName) || !safeSegments(path)) {
      return Optional.empty();
    }
    return Optional.of(new DropKey(prefix + folderName + "/", path));
  }

  /**
   * Why a key (or a path relative to a drop folder) could not be staged as a file, or empty when it
   * can: a step's input is downloaded object for object, so one such object would fail every run.
   */
  public static Optional<String> whyUnsafe(String path) {
    if (tooLong(path)) {
      return Optional.of("it is longer than " + MAX_KEY_BYTES + " bytes");
    }
    if (hasControlChars(path)) {
      return Optional.of("it holds control characters");
    }
    if (path.startsWith("/") || path.contains("//") || hasDotSegment(path)) {
      return Optional.of("it has an empty, '.' or '..' segment");
    }
    return Optional.empty();
  }

  /** A key as it may appear in a log line or message: shortened, control characters shown. */
  public static String printable(String key) {
    String cut = key.length() > 200 ? key.substring(0, 200) + "..." : key;
    StringBuilder out = new StringBuilder(cut.length());
    for (char c : cut.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether a path relative to a drop folder is data rather than a marker or hidden file. */
  public static boolean isDataPath(String path) {
    for (String segment : path.split("/", -1)) {
      if (isHidden(segment)) {
        return false;
      }
    }
    return true;
  }

  private static boolean safeSegments(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHidden(String segment) {
    return segment.startsWith("_") || segment.startsWith(".");
  }

  private static boolean tooLong(String key) {
    return key.length() > MAX_KEY_BYTES
        || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
  }

  private static boolean hasControlChars(String key) {
    return key.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
