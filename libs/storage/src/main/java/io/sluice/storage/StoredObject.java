package io.sluice.storage;

import java.time.Instant;

/**
 * One object as the store listed it.
 *
 * @param key the full key
 * @param size bytes
 * @param eTag the ETag without quotes, or null
 * @param lastModified when the store last wrote it (the store's clock), or null when not known
 */
public record StoredObject(String key, long size, String eTag, Instant lastModified) {

  /** An object whose write time is not known. */
  public StoredObject(String key, long size, String eTag) {
    this(key, size, eTag, null);
  }

  /** An ETag as S3 sends it (quoted) or as some SDKs return it (not), without quotes. */
  static String unquote(String eTag) {
    if (eTag == null || eTag.isEmpty()) {
      return null;
    }
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
        ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }
}
