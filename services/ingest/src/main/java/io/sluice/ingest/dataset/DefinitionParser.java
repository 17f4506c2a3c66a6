package io.sluice.ingest.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.Json;
import io.sluice.ingest.dataset.DatasetDefinition.CompletionRule;
import io.sluice.ingest.dataset.DatasetDefinition.Limits;
import io.sluice.ingest.dataset.DatasetDefinition.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a dataset definition from the JSON a person posted, applies defaults and refuses anything
 * out of shape or range, naming the field. Unknown fields are refused so that a typo ({@code
 * "limts"}) does not silently fall back to defaults.
 */
public final class DefinitionParser {

  static final int MAX_QUIET_SECONDS = 86_400;
  static final int MAX_COLUMNS = 1_000;
  static final int MAX_COLUMN_NAME = 256;

  private DefinitionParser() {}

  public static DatasetDefinition parse(byte[] json) throws InvalidDefinitionException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : "";
      throw new InvalidDefinitionException("the body is not valid JSON: " + detail);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDefinitionException("the body must be a JSON object");
    }
    onlyFields(root, "", "name", "bucket", "prefix", "completion", "schema", "limits");
    String name = text(root, "name");
    if (!Names.isName(name)) {
      throw new InvalidDefinitionException(
          "name must be 1-63 lower-case letters, digits or inner '-', e.g. 'iris'");
    }
    String bucket = text(root, "bucket");
    if (!Names.isBucket(bucket)) {
      throw new InvalidDefinitionException("bucket '" + bucket + "' is not a valid bucket name");
    }
    String prefix = text(root, "prefix");
    String prefixProblem = Names.prefixProblem(prefix);
    if (prefixProblem != null) {
      throw new InvalidDefinitionException(prefixProblem);
    }
    return new DatasetDefinition(
        name,
        bucket,
        prefix,
        completion(root.get("completion")),
        schema(root.get("schema")),
        limits(root.get("limits")));
  }

  private static CompletionRule completion(JsonNode node) throws InvalidDefinitionException {
    if (isAbsent(node)) {
      return CompletionRule.DEFAULT;
    }
    object(node, "completion");
    onlyFields(node, "completion.", "rule", "quietSeconds");
    String rule = text(node, "rule");
    if ("SUCCESS_MARKER".equals(rule)) {
      if (!isAbsent(node.get("quietSeconds"))) {
        throw new InvalidDefinitionException("completion.quietSeconds is only for QUIET_PERIOD");
      }
      return CompletionRule.DEFAULT;
    }
    if (!"QUIET_PERIOD".equals(rule)) {
      throw new InvalidDefinitionException(
          "completion.rule must be SUCCESS_MARKER or QUIET_PERIOD, not '" + rule + "'");
    }
    long quiet = number(node, "quietSeconds", "completion.", 1, MAX_QUIET_SECONDS, null);
    return new CompletionRule(Completion.QUIET_PERIOD, (int) quiet);
  }

  private static Schema schema(JsonNode node) throws InvalidDefinitionException {
    if (isAbsent(node)) {
      return null;
    }
    object(node, "schema");
    onlyFields(node, "schema.", "columns", "labelColumn");
    JsonNode columns = node.get("columns");
    if (columns == null || !columns.isArray() || columns.isEmpty()) {
      throw new InvalidDefinitionException("schema.columns must be a non-empty array");
    }
    if (columns.size() > MAX_COLUMNS) {
      throw new InvalidDefinitionException("schema.columns has more than " + MAX_COLUMNS);
    }
    List<ColumnSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec spec = column(columns.get(i), "schema.columns[" + i + "]");
      if (!names.add(spec.name())) {
        throw new InvalidDefinitionException("schema.columns names '" + spec.name() + "' twice");
      }
      specs.add(spec);
    }
    String label = isAbsent(node.get("labelColumn")) ? null : text(node, "labelColumn");
    if (label != null && !names.contains(label)) {
      throw new InvalidDefinitionException(
          "schema.labelColumn '" + label + "' is not one of schema.columns");
    }
    return new Schema(specs, label);
  }

  private static ColumnSpec column(JsonNode node, String at) throws InvalidDefinitionException {
    object(node, at);
    onlyFields(node, at + ".", "name", "type");
    String name = text(node, "name");
    if (name.length() > MAX_COLUMN_NAME || name.isBlank()) {
      throw new InvalidDefinitionException(at + ".name must be 1-" + MAX_COLUMN_NAME + " chars");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      // A CSV header can never match it, and it would travel on into events and logs.
      throw new InvalidDefinitionException(at + ".name must not hold control characters");
    }
    String type = isAbsent(node.get("type")) ? "STRING" : text(node, "type");
    try {
      return new ColumnSpec(name, ColumnType.valueOf(type));
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          at + ".type must be one of NUMBER, INTEGER, BOOLEAN, STRING, not '" + type + "'");
    }
  }

  private static Limits limits(JsonNode node) throws InvalidDefinitionException {
    Limits d = Limits.DEFAULT;
    if (isAbsent(node)) {
      return d;
    }
    object(node, "limits");
    onlyFields(node, "limits.", "maxObjects", "maxObjectBytes", "maxTotalBytes", "maxRows");
    long objects = number(node, "maxObjects", "limits.", 1, 100_000, (long) d.maxObjects());
    long objectBytes = number(node, "maxObjectBytes", "limits.", 1, 1L << 40, d.maxObjectBytes());
    long totalBytes = number(node, "maxTotalBytes", "limits.", 1, 1L << 44, d.maxTotalBytes());
    long rows = number(node, "maxRows", "limits.", 1, 10_000_000_000L, d.maxRows());
    return new Limits((int) objects, objectBytes, totalBytes, rows);
  }

  private static long number(
      JsonNode parent, String field, String at, long min, long max, Long fallback)
      throws InvalidDefinitionException {
    JsonNode node = parent.get(field);
    if (isAbsent(node) && fallback != null) {
      return fallback;
    }
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidDefinitionException(at + field + " must be an integer");
    }
    long value = node.asLong();
    if (value < min || value > max) {
      throw new InvalidDefinitionException(
          at + field + " must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  private static String text(JsonNode parent, String field) throws InvalidDefinitionException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw new InvalidDefinitionException(field + " is required and must be a string");
    }
    return node.asText();
  }

  private static void object(JsonNode node, String at) throws InvalidDefinitionException {
    if (!node.isObject()) {
      throw new InvalidDefinitionException(at + " must be an object");
    }
  }

  private static void onlyFields(JsonNode node, String at, String... allowed)
      throws InvalidDefinitionException {
    Set<String> known = Set.of(allowed);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidDefinitionException("unknown field '" + at + name + "'");
      }
    }
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }
}
