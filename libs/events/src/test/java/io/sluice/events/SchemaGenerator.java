package io.sluice.events;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the JSON Schema (draft 2020-12) of an event type's data from its record, so that the
 * schemas cannot drift from the records: every component is a property; components not marked
 * {@link Nullable} are required; nested records and enums go to {@code $defs}. Objects stay open
 * ({@code additionalProperties: true}) so that readers tolerate fields added later.
 */
final class SchemaGenerator {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, JsonNode> defs = new TreeMap<>();

  private SchemaGenerator() {}

  /** The schema document of one event type. */
  static ObjectNode schemaOf(EventType type) {
    return new SchemaGenerator().document(type);
  }

  /** The schema as the checked-in file holds it: two-space indent, one value per line. */
  static String render(JsonNode schema) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return Json.mapper().writer(printer).writeValueAsString(schema) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode document(EventType type) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://sluice.io/schemas/" + type.ceType() + ".schema.json");
    root.put("title", type.ceType());
    root.put(
        "description",
        "The data of a "
            + type.ceType()
            + " event on topic "
            + type.topic()
            + " (record "
            + type.dataClass().getName()
            + ").");
    root.setAll(recordSchema(type.dataClass()));
    if (!defs.isEmpty()) {
      root.putObject("$defs").setAll(defs);
    }
    return root;
  }

  private ObjectNode recordSchema(Class<?> record) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (RecordComponent component : record.getRecordComponents()) {
      boolean nullable = component.isAnnotationPresent(Nullable.class);
      properties.set(component.getName(), typeSchema(component.getGenericType(), nullable));
      if (!nullable) {
        required.add(component.getName());
      }
    }
    schema.set("required", required);
    schema.put("additionalProperties", true);
    return schema;
  }

  private ObjectNode typeSchema(Type type, boolean nullable) {
    if (type instanceof ParameterizedType generic) {
      return orNull(containerSchema(generic), nullable);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return simple("string", nullable);
    }
    if (raw == Instant.class) {
      return simple("string", nullable).put("format", "date-time");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return simple("integer", nullable);
    }
    if (raw == double.class || raw == Double.class) {
      return simple("number", nullable);
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return simple("boolean", nullable);
    }
    if (raw.isEnum() || raw.isRecord()) {
      return orNull(reference(raw), nullable);
    }
    throw new IllegalArgumentException("no JSON Schema mapping for " + type);
  }

  private ObjectNode containerSchema(ParameterizedType generic) {
    Type[] arguments = generic.getActualTypeArguments();
    if (generic.getRawType() == List.class) {
      ObjectNode array = NODES.objectNode().put("type", "array");
      array.set("items", typeSchema(arguments[0], false));
      return array;
    }
    if (generic.getRawType() == Map.class && arguments[0] == String.class) {
      ObjectNode map = NODES.objectNode().put("type", "object");
      map.set("additionalProperties", typeSchema(arguments[1], false));
      return map;
    }
    throw new IllegalArgumentException("no JSON Schema mapping for " + generic);
  }

  private ObjectNode reference(Class<?> type) {
    String name = type.getSimpleName();
    if (!defs.containsKey(name)) {
      defs.put(name, NODES.objectNode()); // reserve first: records may refer to each other
      defs.put(name, type.isEnum() ? enumSchema(type) : recordSchema(type));
    }
    return NODES.objectNode().put("$ref", "#/$defs/" + name);
  }

  private static ObjectNode enumSchema(Class<?> type) {
    ObjectNode schema = NODES.objectNode().put("type", "string");
    ArrayNode values = schema.putArray("enum");
    for (Object constant : type.getEnumConstants()) {
      values.add(((Enum<?>) constant).name());
    }
    return schema;
  }

  private static ObjectNode simple(String jsonType, boolean nullable) {
    ObjectNode schema = NODES.objectNode();
    if (nullable) {
      schema.putArray("type").add(jsonType).add("null");
    } else {
      schema.put("type", jsonType);
    }
    return schema;
  }

  private static ObjectNode orNull(ObjectNode schema, boolean nullable) {
    if (!nullable) {
      return schema;
    }
    ObjectNode either = NODES.objectNode();
    either.putArray("anyOf").add(schema).add(NODES.objectNode().put("type", "null"));
    return either;
  }
}
