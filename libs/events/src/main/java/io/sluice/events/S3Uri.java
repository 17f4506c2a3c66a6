package io.sluice.events;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one way Sluice writes and reads {@code s3://bucket/key} URIs, so that an object key survives
 * every hop (ingest, orchestrator, launcher, registry, gateway) byte for byte.
 *
 * <p>Writing percent-encodes each path segment of the key as RFC 3986 asks: the UTF-8 bytes of
 * anything that is not an unreserved character, a sub-delimiter, {@code :} or {@code @} become
 * {@code %XX}; {@code /} stays the segment separator. Keys made only of those characters (every key
 * Sluice made before keys were encoded, e.g. {@code iris/2026-11-22/} or {@code
 * runs/<run>/train/1/model/}) give the same URI as before, so stored events and hashes keep their
 * bytes. Unicode is not normalised: NFC and NFD spellings of a name are different keys and stay
 * different.
 *
 * <p>Reading decodes every {@code %XX} exactly once and nothing else ({@code +} is a plus, not a
 * space); a {@code %} without two hex digits, or bytes that are not UTF-8, are refused. Characters
 * that should have been encoded ({@code ' '}, {@code #}, {@code ?}, non-ASCII) are taken literally,
 * as part of the key: s3 URIs have no query or fragment, and URIs written before keys were encoded
 * still name their object.
 *
 * @param bucket the bucket
 * @param key the object key or folder prefix, not encoded; empty for the whole bucket
 */
public record S3Uri(String bucket, String key) {

  public static final String SCHEME = "s3://";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  public S3Uri {
    Checks.notBlank(bucket, "bucket");
    Checks.required(key, "key");
    if (bucket.indexOf('/') >= 0) {
      throw new IllegalArgumentException("bucket '" + bucket + "' must not contain '/'");
    }
  }

  /** {@code s3://bucket/key} with the key percent-encoded. */
  public static String of(String bucket, String key) {
    return new S3Uri(bucket, key).toString();
  }

  /**
   * Reads {@code s3://bucket/key}.
   *
   * @throws IllegalArgumentException when it is not an s3 URI or its key is not validly encoded
   */
  public static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException("not an s3://bucket/key URI: " + shown(uri));
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("no bucket in " + shown(uri));
    }
    return new S3Uri(bucket, slash < 0 ? "" : decode(rest.substring(slash + 1), uri));
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + encode(key);
  }

  /** Percent-encodes a key, keeping {@code /} and every character a path segment may hold. */
  static String encode(String key) {
    StringBuilder out = new StringBuilder(key.length() + 16);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '/' || isSegmentChar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ':' and '@'. */
  private static boolean isSegmentChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
  }

  private static String decode(String encoded, String uri) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    byte[] raw = encoded.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '%') {
        bytes.write(raw[i]);
        continue;
      }
      int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
      int low = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException(
            "'%' not followed by two hex digits at " + i + " in the key of " + shown(uri));
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    return strictUtf8(bytes.toByteArray(), uri);
  }

  private static String strictUtf8(byte[] bytes, String uri) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the key of " + shown(uri) + " is not UTF-8", e);
    }
  }

  private static String shown(String uri) {
    if (uri == null) {
      return "null";
    }
    String cut = uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
