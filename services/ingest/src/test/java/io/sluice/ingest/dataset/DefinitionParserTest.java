package io.sluice.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.ingest.dataset.DatasetDefinition.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {

  private static DatasetDefinition parse(String json) throws InvalidDefinitionException {
    return DefinitionParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String json, String fragment) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(fragment);
  }

  @Test
  void appliesDefaultsToAMinimalDefinition() throws Exception {
    DatasetDefinition d = parse("{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\"}");
    assertThat(d.completion().rule()).isEqualTo(Completion.SUCCESS_MARKER);
    assertThat(d.quietSeconds()).isNull();
    assertThat(d.limits()).isEqualTo(Limits.DEFAULT);
    assertThat(d.schema()).isNull();
  }

  @Test
  void readsQuietPeriodSchemaAndLimits() throws Exception {
    DatasetDefinition d =
        parse(
            "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\","
                + "\"completion\":{\"rule\":\"QUIET_PERIOD\",\"quietSeconds\":30},"
                + "\"schema\":{\"columns\":[{\"name\":\"x\",\"type\":\"NUMBER\"},"
                + "{\"name\":\"y\"}],\"labelColumn\":\"y\"},"
                + "\"limits\":{\"maxObjects\":5}}");
    assertThat(d.quietSeconds()).isEqualTo(30);
    assertThat(d.schema().columns().get(0).type()).isEqualTo(ColumnType.NUMBER);
    assertThat(d.schema().columns().get(1).type()).isEqualTo(ColumnType.STRING);
    assertThat(d.labelColumn()).isEqualTo("y");
    assertThat(d.limits().maxObjects()).isEqualTo(5);
    assertThat(d.limits().maxRows()).isEqualTo(Limits.DEFAULT.maxRows());
  }

  @Test
  void acceptsTheIrisExampleDefinition() throws Exception {
    byte[] example =
        java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../../examples/iris/dataset.json"));
    DatasetDefinition d = DefinitionParser.parse(example);
    assertThat(d.name()).isEqualTo("iris");
    assertThat(d.schema().columns()).hasSize(5);
    assertThat(d.limits().maxObjects()).isEqualTo(100);
  }

  @Test
  void refusesNamesThatAreNotDnsLabels() {
    refused("{\"name\":\"Iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\"}", "name");
    refused("{\"name\":\"-iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\"}", "name");
    String longName = "a".repeat(64);
    refused("{\"name\":\"" + longName + "\",\"bucket\":\"datasets\",\"prefix\":\"iris/\"}", "name");
  }

  @Test
  void refusesInvalidBucketNames() {
    refused("{\"name\":\"iris\",\"bucket\":\"Data_Sets\",\"prefix\":\"iris/\"}", "bucket");
    refused("{\"name\":\"iris\",\"bucket\":\"192.168.1.1\",\"prefix\":\"iris/\"}", "bucket");
    refused("{\"name\":\"iris\",\"bucket\":\"a..b\",\"prefix\":\"iris/\"}", "bucket");
  }

  @Test
  void refusesHostilePrefixes() {
    for (String prefix : new String[] {"/iris/", "iris", "../iris/", "iris/../x/", "a//b/", ""}) {
      refused(
          "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"" + prefix + "\"}", "prefix");
    }
  }

  @Test
  void refusesOutOfRangeLimitsAndQuietPeriods() {
    String base = "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",";
    refused(base + "\"limits\":{\"maxObjects\":0}}", "limits.maxObjects");
    refused(base + "\"limits\":{\"maxRows\":-1}}", "limits.maxRows");
    refused(base + "\"limits\":{\"maxObjectBytes\":\"big\"}}", "limits.maxObjectBytes");
    refused(base + "\"completion\":{\"rule\":\"QUIET_PERIOD\"}}", "quietSeconds");
    refused(base + "\"completion\":{\"rule\":\"QUIET_PERIOD\",\"quietSeconds\":0}}", "quiet");
    refused(base + "\"completion\":{\"rule\":\"SOMETIME\"}}", "completion.rule");
  }

  @Test
  void refusesInconsistentSchemas() {
    String base = "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",";
    refused(base + "\"schema\":{\"columns\":[]}}", "schema.columns");
    refused(base + "\"schema\":{\"columns\":[{\"name\":\"a\"},{\"name\":\"a\"}]}}", "twice");
    refused(base + "\"schema\":{\"columns\":[{\"name\":\"a\",\"type\":\"DATE\"}]}}", "type");
    refused(base + "\"schema\":{\"columns\":[{\"name\":\"a\"}],\"labelColumn\":\"b\"}}", "label");
  }

  @Test
  void refusesUnknownFieldsAndNonObjects() {
    refused(
        "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",\"limts\":{}}", "limts");
    refused("[1,2]", "JSON object");
    refused("{not json", "not valid JSON");
  }

  @Test
  void refusesDuplicateKeysInsteadOfKeepingTheLast() {
    refused(
        "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",\"prefix\":\"x/\"}",
        "Duplicate field 'prefix'");
    refused(
        "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\","
            + "\"limits\":{\"maxRows\":1,\"maxRows\":2}}",
        "Duplicate field 'maxRows'");
  }

  @Test
  void refusesControlCharactersInColumnNames() {
    String base = "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",";
    refused(base + "\"schema\":{\"columns\":[{\"name\":\"a\\u0000b\"}]}}", "control");
    refused(base + "\"schema\":{\"columns\":[{\"name\":\"a\\nb\"}]}}", "control");
  }

  @Test
  void refusesWrongTypesNamingTheField() {
    refused("{\"name\":7,\"bucket\":\"datasets\",\"prefix\":\"iris/\"}", "name");
    refused("{\"name\":\"iris\",\"bucket\":[\"datasets\"],\"prefix\":\"iris/\"}", "bucket");
    refused(
        "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",\"limits\":[]}", "limits");
    refused(
        "{\"name\":\"iris\",\"bucket\":\"datasets\",\"prefix\":\"iris/\",\"schema\":{\"columns\":\"a\"}}",
        "schema.columns");
  }

  @Test
  void refusesInvalidUtf8AndDeepNesting() {
    byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> DefinitionParser.parse(latin1))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("not valid JSON");
    String deep = "{\"schema\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    refused(deep, "not valid JSON");
  }
}
