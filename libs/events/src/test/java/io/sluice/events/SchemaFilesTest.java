package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checked-in schemas are exactly what {@link SchemaGenerator} derives from the records. Run
 * with {@code -Dsluice.schemas.write=true} to rewrite them after changing a record.
 */
class SchemaFilesTest {

  private static final Path SCHEMA_DIR = Path.of("src/main/resources/schemas");
  private static final boolean WRITE = Boolean.getBoolean("sluice.schemas.write");

  @ParameterizedTest
  @EnumSource(EventType.class)
  void checkedInSchemaIsGeneratedFromRecord(EventType type) throws IOException {
    String generated = SchemaGenerator.render(SchemaGenerator.schemaOf(type));
    Path file = SCHEMA_DIR.resolve(type.schemaResource().substring("/schemas/".length()));
    if (WRITE) {
      Files.createDirectories(SCHEMA_DIR);
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    assertThat(file).exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("%s is stale: run ./mvnw -pl libs/events test -Dsluice.schemas.write=true", file)
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaOnClassPathDescribesExactlyTheSerializedFields(EventType type) {
    JsonNode schema = DataSchemas.schemaDocument(type);
    JsonNode json = Json.mapper().valueToTree(Samples.of(type));

    assertThat(fieldNames(json)).containsExactlyElementsOf(fieldNames(schema.get("properties")));
    assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyNestedRecordSerializesExactlyItsComponents(EventType type) throws Exception {
    for (Record record : RecordWalker.recordsIn(Samples.of(type))) {
      List<String> components =
          Arrays.stream(record.getClass().getRecordComponents())
              .filter(component -> isWritten(component, record))
              .map(RecordComponent::getName)
              .toList();

      assertThat(fieldNames(Json.mapper().valueToTree(record)))
          .as(record.getClass().getSimpleName())
          .containsExactlyElementsOf(components);
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void sampleOfEveryTypeIsValidAgainstItsSchema(EventType type) {
    JsonNode json = Json.mapper().valueToTree(Samples.of(type));

    assertThat(DataSchemas.violations(type, json)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaRejectsDataWithoutAnyRequiredProperty(EventType type) {
    JsonNode json = Json.mapper().valueToTree(Samples.of(type));
    for (JsonNode required : DataSchemas.schemaDocument(type).get("required")) {
      JsonNode withoutIt = json.deepCopy();
      ((ObjectNode) withoutIt).remove(required.asText());

      assertThat(DataSchemas.violations(type, withoutIt))
          .as("schema of %s without %s", type, required)
          .anySatisfy(line -> assertThat(line).contains(required.asText()));
    }
  }

  /** Whether the component appears in the JSON: an absent NON_NULL component is left out. */
  private static boolean isWritten(RecordComponent component, Record record) {
    // JsonInclude cannot target a record component; Java propagates it to the accessor.
    JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
    if (include == null || include.value() != JsonInclude.Include.NON_NULL) {
      return true;
    }
    try {
      return component.getAccessor().invoke(record) != null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
