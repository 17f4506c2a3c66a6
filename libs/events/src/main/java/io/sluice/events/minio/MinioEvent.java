package io.sluice.events.minio;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One record of a MinIO bucket notification. */
public sealed interface MinioEvent permits MinioEvent.ObjectCreated, MinioEvent.OtherEvent {

  String eventName();

  String bucket();

  /** The object key, URL-decoded. */
  String key();

  /**
   * An object was written ({@code s3:ObjectCreated:*}: Put, Post, Copy, CompleteMultipartUpload).
   *
   * @param bucket the bucket
   * @param key the object key, URL-decoded
   * @param size the size, empty when MinIO left it out (it does so for 0 bytes)
   * @param eTag the ETag without quotes, empty when left out; {@code <hex>-N} for multipart
   * @param sequencer MinIO's per-object ordering token, empty when left out
   * @param eventTime when MinIO saw the write
   * @param eventName e.g. {@code s3:ObjectCreated:Put}
   */
  record ObjectCreated(
      String bucket,
      String key,
      OptionalLong size,
      Optional<String> eTag,
      Optional<String> sequencer,
      Instant eventTime,
      String eventName)
      implements MinioEvent {

    public ObjectCreated {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(eTag, "eTag");
      Objects.requireNonNull(sequencer, "sequencer");
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(eventName, "eventName");
    }

    /** Whether the object was assembled from parts (its ETag is not an MD5 of the content). */
    public boolean multipart() {
      return eTag.map(tag -> tag.matches(".*-\\d+")).orElse(false);
    }
  }

  /**
   * Any other event (removal, access, replication, ...): ingest ignores these but may count them.
   *
   * @param eventName e.g. {@code s3:ObjectRemoved:Delete}
   * @param bucket the bucket
   * @param key the object key, URL-decoded
   */
  record OtherEvent(String eventName, String bucket, String key) implements MinioEvent {

    public OtherEvent {
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }
  }
}
