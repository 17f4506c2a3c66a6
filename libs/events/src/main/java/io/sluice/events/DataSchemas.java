package io.sluice.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON Schemas (draft 2020-12) of the event data, loaded once from this module's class path
 * ({@link EventType#schemaResource()}), with {@code format} (e.g. {@code date-time}) asserted.
 */
public final class DataSchemas {

  private static final Map<EventType, JsonSchema> SCHEMAS = load();

  private DataSchemas() {}

  /** The schema document of a type, e.g. to publish it or show it to people. */
  public static JsonNode schemaDocument(EventType type) {
    return SCHEMAS.get(type).getSchemaNode();
  }

  /**
   * The violations of {@code data} against the type's schema, as readable lines; empty if valid.
   */
  public static List<String> violations(EventType type, JsonNode data) {
    return SCHEMAS.get(type).validate(data).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .toList();
  }

  private static Map<EventType, JsonSchema> load() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .pathType(PathType.JSON_PATH)
            .build();
    Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      schemas.put(type, factory.getSchema(read(type), config));
    }
    return schemas;
  }

  private static JsonNode read(EventType type) {
    try (InputStream in = DataSchemas.class.getResourceAsStream(type.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + type.schemaResource());
      }
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + type.schemaResource(), e);
    }
  }
}
