package io.sluice.ingest.dataset;

import java.util.regex.Pattern;

/** The shapes of dataset names, bucket names and prefixes that ingest accepts. */
public final class Names {

  /** A DNS label: lower-case letters, digits and inner hyphens, at most 63 characters. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** S3 bucket naming rules (without the rarely used dotted forms that look like IP addresses). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  /** Longest prefix: leaves room below S3's 1024-byte key limit for drop folders and files. */
  static final int MAX_PREFIX_CHARS = 512;

  private Names() {}

  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public static boolean isBucket(String bucket) {
    return bucket != null
        && BUCKET.matcher(bucket).matches()
        && !bucket.contains("..")
        && !IP_LIKE.matcher(bucket).matches();
  }

  /** Why {@code prefix} is not acceptable, or null when it is. */
  public static String prefixProblem(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "prefix is required, e.g. 'iris/'";
    }
    if (prefix.length() > MAX_PREFIX_CHARS) {
      return "prefix is longer than " + MAX_PREFIX_CHARS + " characters";
    }
    if (prefix.startsWith("/") || !prefix.endsWith("/")) {
      return "prefix must not start with '/' and must end with '/', e.g. 'iris/'";
    }
    if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      return "prefix must not contain control characters or '\\'";
    }
    for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "prefix must not contain empty, '.' or '..' segments";
      }
    }
    return null;
  }
}
