package io.sluice.testkit;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What happened to one object, as far as a bucket notification tells it.
 *
 * @param eventName MinIO's event name, e.g. {@code s3:ObjectCreated:Put}
 * @param bucket the bucket
 * @param key the raw (not encoded) object key
 * @param size the object's size in bytes; 0 for removals
 * @param eTag the entity tag without quotes; empty for removals
 * @param contentType the stored content type; empty for removals
 * @param userMetadata the user metadata as S3 returns it (keys without {@code x-amz-meta-})
 */
record ObjectEvent(
    String eventName,
    String bucket,
    String key,
    long size,
    String eTag,
    String contentType,
    Map<String, String> userMetadata) {

  static final String PUT = "s3:ObjectCreated:Put";
  static final String COPY = "s3:ObjectCreated:Copy";
  static final String COMPLETE_MULTIPART_UPLOAD = "s3:ObjectCreated:CompleteMultipartUpload";
  static final String DELETE = "s3:ObjectRemoved:Delete";

  /** MinIO's content type for an object stored without one. */
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  ObjectEvent {
    userMetadata = Map.copyOf(userMetadata);
  }

  /** A created object, described by what the store reports after it was written. */
  static ObjectEvent created(String eventName, String bucket, String key, HeadObjectResponse head) {
    long size = head.contentLength() == null ? 0 : head.contentLength();
    String contentType = head.contentType() == null ? DEFAULT_CONTENT_TYPE : head.contentType();
    return new ObjectEvent(
        eventName, bucket, key, size, unquote(head.eTag()), contentType, head.metadata());
  }

  /** A removed object: MinIO tells only its name. */
  static ObjectEvent removed(String bucket, String key) {
    return new ObjectEvent(DELETE, bucket, key, 0, "", "", Map.of());
  }

  boolean isRemoval() {
    return eventName.startsWith("s3:ObjectRemoved:");
  }

  /** User metadata keyed as MinIO reports it: {@code content-type} plus canonical meta headers. */
  Map<String, String> minioUserMetadata() {
    Map<String, String> sorted = new TreeMap<>();
    if (!contentType.isEmpty()) {
      sorted.put("content-type", contentType);
    }
    userMetadata.forEach((name, value) -> sorted.put(canonicalHeader("x-amz-meta-" + name), value));
    return sorted;
  }

  private static String unquote(String eTag) {
    if (eTag == null) {
      return "";
    }
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
        ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }

  /** Go's canonical MIME header form, which MinIO stores metadata names in: X-Amz-Meta-Foo. */
  private static String canonicalHeader(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }
}
