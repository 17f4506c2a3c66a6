package io.sluice.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads and checks the CloudEvents headers of one record, for {@link EventCodec#decode}. */
final class HeaderReader {

  sealed interface Result permits Valid, Invalid {}

  /** Headers that make a usable envelope once the data is decoded. */
  record Valid(
      String id,
      EventType type,
      String source,
      Instant time,
      String subject,
      String correlationId,
      String causationId,
      String traceparent)
      implements Result {

    EventEnvelope<EventData> envelope(EventData data) {
      return new EventEnvelope<>(
          id, source, time, subject, correlationId, causationId, traceparent, data);
    }
  }

  record Invalid(String reason) implements Result {}

  /** Signals a header problem inside this class; never leaves it. */
  private static final class HeaderProblem extends Exception {
    HeaderProblem(String reason) {
      super(reason, null, false, false);
    }
  }

  private HeaderReader() {}

  static Result read(Map<String, String> headers) {
    if (headers == null) {
      return new Invalid(
          "the record has no headers; a CloudEvent needs ce_specversion, ce_id, ...");
    }
    try {
      String specVersion = required(headers, CloudEventHeaders.SPEC_VERSION);
      if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
        throw new HeaderProblem(
            "header ce_specversion is '" + specVersion + "', only '1.0' is supported");
      }
      checkContentType(headers.get(CloudEventHeaders.CONTENT_TYPE));
      return new Valid(
          required(headers, CloudEventHeaders.ID),
          type(required(headers, CloudEventHeaders.TYPE)),
          required(headers, CloudEventHeaders.SOURCE),
          time(required(headers, CloudEventHeaders.TIME)),
          required(headers, CloudEventHeaders.SUBJECT),
          required(headers, CloudEventHeaders.CORRELATION_ID),
          optional(headers, CloudEventHeaders.CAUSATION_ID),
          TraceParent.parse(headers.get(CloudEventHeaders.TRACEPARENT))
              .map(TraceParent::header)
              .orElse(null));
    } catch (HeaderProblem problem) {
      return new Invalid(problem.getMessage());
    }
  }

  private static String required(Map<String, String> headers, String name) throws HeaderProblem {
    String value = headers.get(name);
    if (value == null) {
      throw new HeaderProblem("header " + name + " is missing");
    }
    if (value.isBlank()) {
      throw new HeaderProblem("header " + name + " is blank");
    }
    return value;
  }

  private static String optional(Map<String, String> headers, String name) {
    return Optional.ofNullable(headers.get(name)).filter(v -> !v.isBlank()).orElse(null);
  }

  private static EventType type(String ceType) throws HeaderProblem {
    return EventType.fromCeType(ceType)
        .orElseThrow(
            () ->
                new HeaderProblem(
                    "header ce_type '"
                        + ceType
                        + "' is not a type this contract knows"
                        + " (an unknown type, or a version this reader predates)"));
  }

  private static Instant time(String text) throws HeaderProblem {
    try {
      return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw new HeaderProblem("header ce_time '" + text + "' is not an RFC 3339 timestamp");
    }
  }

  /** Binary mode may omit content-type (JSON is then assumed); any other media type is refused. */
  private static void checkContentType(String contentType) throws HeaderProblem {
    if (contentType == null) {
      return;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(CloudEventHeaders.JSON)) {
      throw new HeaderProblem(
          "header content-type is '" + contentType + "', only application/json is supported");
    }
  }
}
