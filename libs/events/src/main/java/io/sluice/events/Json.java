package io.sluice.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON configuration of the contract: ISO-8601 instants ({@code 2026-11-22T10:15:30.123Z}),
 * unknown properties ignored (tolerant readers), trailing garbage after a document and duplicate
 * keys rejected: with a duplicate, readers that keep the first and readers that keep the last value
 * would see different documents, so it is refused rather than silently resolved.
 */
public final class Json {

  private static final ObjectMapper MAPPER = newMapper();

  private Json() {}

  /**
   * The shared mapper. It is thread-safe for reading and writing; do not reconfigure it (use {@link
   * #newMapper()} for a variant).
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new mapper with the contract's configuration, for callers that need to add to it. */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
  }
}
