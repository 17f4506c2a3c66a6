package io.sluice.events;

/**
 * One file of an output folder.
 *
 * @param path path relative to the folder, {@code /}-separated
 * @param size size in bytes
 * @param sha256 sha256 of the content
 */
public record FileDigest(String path, long size, String sha256) {

  public FileDigest {
    Checks.notBlank(path, "path");
    if (path.startsWith("/") || path.contains("\\") || path.contains("\n")) {
      throw new IllegalArgumentException(
          "path '" + path + "' must be relative, /-separated and on one line");
    }
    Checks.atLeast(size, 0L, "size");
    Checks.sha256(sha256, "sha256");
  }
}
