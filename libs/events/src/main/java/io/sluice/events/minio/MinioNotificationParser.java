package io.sluice.events.minio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the value of a MinIO Kafka notification: {@code {"EventName", "Key", "Records": [...]}}
 * with S3-style records whose {@code s3.object.key} is URL-encoded. Never throws: anything
 * unreadable becomes {@link MinioNotification.Malformed}.
 */
public final class MinioNotificationParser {

  /** Larger values are refused unread; MinIO's messages are a few kilobytes. */
  public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

  private static final String CREATED_PREFIX = "s3:ObjectCreated:";

  /** Signals a problem with one field while walking the message; never leaves this class. */
  private static final class Problem extends Exception {
    Problem(String reason) {
      super(reason, null, false, false);
    }
  }

  private MinioNotificationParser() {}

  public static MinioNotification parse(byte[] value) {
    if (value == null || value.length == 0) {
      return new MinioNotification.Malformed("the message is empty");
    }
    if (value.length > MAX_MESSAGE_BYTES) {
      return new MinioNotification.Malformed(
          "the message is " + value.length + " bytes, more than " + MAX_MESSAGE_BYTES);
    }
    try {
      return new MinioNotification.Events(records(Json.mapper().readTree(value)));
    } catch (JsonProcessingException e) {
      return new MinioNotification.Malformed(
          "the message is not valid JSON: " + e.getOriginalMessage());
    } catch (Problem problem) {
      return new MinioNotification.Malformed(problem.getMessage());
    } catch (IOException | RuntimeException e) {
      return new MinioNotification.Malformed("the message could not be read: " + e);
    }
  }

  private static List<MinioEvent> records(JsonNode root) throws Problem {
    if (root == null || !root.isObject()) {
      throw new Problem("the message is not a JSON object");
    }
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray()) {
      throw new Problem("the message has no Records array");
    }
    List<MinioEvent> events = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      events.add(record(records.get(i), "Records[" + i + "]"));
    }
    return events;
  }

  private static MinioEvent record(JsonNode record, String at) throws Problem {
    if (!record.isObject()) {
      throw new Problem(at + " is not an object");
    }
    String eventName = text(record, "eventName", at);
    JsonNode s3 = object(record, "s3", at);
    String bucket = text(object(s3, "bucket", at + ".s3"), "name", at + ".s3.bucket");
    JsonNode object = object(s3, "object", at + ".s3");
    String key = decodeKey(text(object, "key", at + ".s3.object"), at + ".s3.object.key");
    if (!eventName.startsWith(CREATED_PREFIX)) {
      return new MinioEvent.OtherEvent(eventName, bucket, key);
    }
    return new MinioEvent.ObjectCreated(
        bucket,
        key,
        size(object.get("size"), at + ".s3.object.size"),
        optionalText(object, "eTag", at + ".s3.object")
            .map(MinioNotificationParser::unquote)
            .filter(tag -> !tag.isEmpty()),
        optionalText(object, "sequencer", at + ".s3.object"),
        time(text(record, "eventTime", at), at + ".eventTime"),
        eventName);
  }

  private static JsonNode object(JsonNode parent, String field, String at) throws Problem {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new Problem(at + "." + field + " is missing or not an object");
    }
    return node;
  }

  private static String text(JsonNode parent, String field, String at) throws Problem {
    return optionalText(parent, field, at)
        .orElseThrow(() -> new Problem(at + "." + field + " is missing or empty"));
  }

  private static Optional<String> optionalText(JsonNode parent, String field, String at)
      throws Problem {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new Problem(at + "." + field + " is not a string");
    }
    return Optional.of(node.asText()).filter(text -> !text.isEmpty());
  }

  private static OptionalLong size(JsonNode node, String at) throws Problem {
    if (node == null || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
      throw new Problem(at + " is not a non-negative integer: " + node);
    }
    return OptionalLong.of(node.asLong());
  }

  /** MinIO escapes keys like a query string: {@code %2F} for '/', '+' for ' ', UTF-8 bytes. */
  private static String decodeKey(String encoded, String at) throws Problem {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Problem(at + " '" + encoded + "' is not URL-encoded: " + e.getMessage());
    }
  }

  private static String unquote(String eTag) {
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
        ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }

  private static Instant time(String text, String at) throws Problem {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new Problem(at + " '" + text + "' is not an RFC 3339 timestamp");
    }
  }
}
