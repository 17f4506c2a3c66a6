package io.sluice.events;

/**
 * One object in the object store as a dataset version saw it.
 *
 * @param bucket the bucket
 * @param key the full object key (not URL-encoded)
 * @param size size in bytes
 * @param eTag the store's ETag without quotes, or null when the store gave none
 * @param sha256 sha256 of the content, or null where it was never read (e.g. a rejected drop)
 */
public record ObjectRef(
    String bucket, String key, long size, @Nullable String eTag, @Nullable String sha256) {

  public ObjectRef {
    Checks.notBlank(bucket, "bucket");
    Checks.notBlank(key, "key");
    Checks.atLeast(size, 0L, "size");
    Checks.nullOrNotBlank(eTag, "eTag");
    Checks.nullOrSha256(sha256, "sha256");
  }

  /** {@code s3://bucket/key}, the key percent-encoded as {@link S3Uri} writes it. */
  public String uri() {
    return S3Uri.of(bucket, key);
  }
}
