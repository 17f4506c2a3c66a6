package io.sluice.launcher.storage;

import io.sluice.events.S3Uri;

/**
 * A folder in the object store, {@code s3://bucket/prefix/}; the prefix always ends with {@code /}
 * (or is empty for the whole bucket), so {@code runs/a} never matches {@code runs/ab/...}.
 */
public record S3Location(String bucket, String prefix) {

  /**
   * Parses {@code s3://bucket/prefix} as {@link S3Uri} reads it (decoded exactly once); a missing
   * trailing slash is added.
   */
  public static S3Location parse(String uri) {
    S3Uri parsed = S3Uri.parse(uri);
    String prefix = parsed.key();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Location(parsed.bucket(), prefix);
  }

  /** The key of a file at {@code relativePath} inside this folder. */
  public String keyOf(String relativePath) {
    return prefix + relativePath;
  }

  /** This location read as one object rather than a folder: the prefix without its slash. */
  public String objectKey() {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  @Override
  public String toString() {
    return S3Uri.of(bucket, prefix);
  }
}
