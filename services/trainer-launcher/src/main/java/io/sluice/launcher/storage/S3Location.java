package io.sluice.launcher.storage;

import java.net.URI;

/**
 * A folder in the object store, {@code s3://bucket/prefix/}; the prefix always ends with {@code /}
 * (or is empty for the whole bucket), so {@code runs/a} never matches {@code runs/ab/...}.
 */
public record S3Location(String bucket, String prefix) {

  /** Parses {@code s3://bucket/prefix}; a missing trailing slash is added. */
  public static S3Location parse(String uri) {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("not an s3://bucket/prefix/ URI: " + uri);
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    String prefix = path.startsWith("/") ? path.substring(1) : path;
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new S3Location(parsed.getHost(), prefix);
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
    return "s3://" + bucket + "/" + prefix;
  }
}
