package io.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Writes bucket notifications in exactly the shape MinIO's Kafka target publishes them (event
 * version 2.0, source {@code minio:s3}), so that consumers written against this store also read
 * MinIO's.
 */
final class MinioNotificationFormat {

  /** MinIO's event time format: RFC 3339 in UTC with milliseconds. */
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** S3Proxy does not tell the store who the client was; every client here is local. */
  private static final String SOURCE_IP = "127.0.0.1";

  static final String USER_AGENT = "S3Proxy (sluice-testkit)";

  private final ObjectMapper mapper = new ObjectMapper();
  private final String accessKey;
  private final Supplier<String> originEndpoint;
  private final String deploymentId;
  private final String amzId2;

  /**
   * @param originEndpoint the store's URL; a supplier because a store on port 0 knows it only once
   *     it listens
   */
  MinioNotificationFormat(String accessKey, Supplier<String> originEndpoint, String deploymentId) {
    this.accessKey = accessKey;
    this.originEndpoint = originEndpoint;
    this.deploymentId = deploymentId;
    this.amzId2 = sha256Hex(deploymentId);
  }

  BucketNotification format(ObjectEvent event, EventClock.Stamp stamp) {
    String recordKey = event.bucket() + "/" + event.key();
    ObjectNode document = mapper.createObjectNode();
    document.put("EventName", event.eventName());
    document.put("Key", recordKey);
    document.putArray("Records").add(record(event, stamp));
    return new BucketNotification(recordKey, write(document));
  }

  /**
   * The key as MinIO writes it into {@code s3.object.key}: Go's {@code url.QueryEscape}, which is
   * Java's form encoding except that Go escapes {@code *} and keeps {@code ~}.
   */
  static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  private ObjectNode record(ObjectEvent event, EventClock.Stamp stamp) {
    ObjectNode record = mapper.createObjectNode();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("awsRegion", "");
    record.put("eventTime", EVENT_TIME.format(stamp.time()));
    record.put("eventName", event.eventName());
    record.putObject("userIdentity").put("principalId", accessKey);
    record
        .putObject("requestParameters")
        .put("principalId", accessKey)
        .put("region", "")
        .put("sourceIPAddress", SOURCE_IP);
    record
        .putObject("responseElements")
        .put("x-amz-id-2", amzId2)
        .put("x-amz-request-id", stamp.sequencer())
        .put("x-minio-deployment-id", deploymentId)
        .put("x-minio-origin-endpoint", originEndpoint.get());
    record.set("s3", s3(event, stamp));
    record.putObject("source").put("host", SOURCE_IP).put("port", "").put("userAgent", USER_AGENT);
    return record;
  }

  private ObjectNode s3(ObjectEvent event, EventClock.Stamp stamp) {
    ObjectNode s3 = mapper.createObjectNode();
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "Config");
    ObjectNode bucket = s3.putObject("bucket");
    bucket.put("name", event.bucket());
    bucket.putObject("ownerIdentity").put("principalId", accessKey);
    bucket.put("arn", "arn:aws:s3:::" + event.bucket());
    s3.set("object", object(event, stamp));
    return s3;
  }

  /** MinIO omits empty fields of the object (Go's omitempty), but never the sequencer. */
  private ObjectNode object(ObjectEvent event, EventClock.Stamp stamp) {
    ObjectNode object = mapper.createObjectNode();
    object.put("key", encodeKey(event.key()));
    if (event.size() > 0) {
      object.put("size", event.size());
    }
    if (!event.eTag().isEmpty()) {
      object.put("eTag", event.eTag());
    }
    if (!event.contentType().isEmpty()) {
      object.put("contentType", event.contentType());
    }
    if (!event.isRemoval()) {
      ObjectNode metadata = object.putObject("userMetadata");
      event.minioUserMetadata().forEach(metadata::put);
    }
    object.put("sequencer", stamp.sequencer());
    return object;
  }

  private String write(ObjectNode document) {
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a bucket notification", e);
    }
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
