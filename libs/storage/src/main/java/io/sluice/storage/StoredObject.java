package io.sluice.storage;

/**
 * One object as the store listed it.
 *
 * @param key the full key
 * @param size bytes
 * @param eTag the ETag without quotes, or null
 */
public record StoredObject(String key, long size, String eTag) {

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
