package io.sluice.launcher.step;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.FailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the flat JSON object of numeric metrics a step may write to {@code SLUICE_METRICS_FILE}. A
 * missing or empty file means no metrics; anything else that is not a small flat object of finite
 * numbers fails the step, because a gate must never read half-parsed metrics.
 */
public final class MetricsFile {

  /** Metrics travel in events: a file larger than this is not "a few numbers". */
  static final long MAX_BYTES = 64 * 1024;

  static final int MAX_ENTRIES = 256;
  static final int MAX_NAME_LENGTH = 128;

  /** A metric named twice is refused: a gate must not depend on which of the two a reader keeps. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private MetricsFile() {}

  public static Map<String, Double> read(Path file) throws StepFailure {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        return Map.of();
      }
      if (Files.size(file) > MAX_BYTES) {
        throw invalid("it is larger than " + MAX_BYTES + " bytes");
      }
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new StepFailure(
          FailureReason.INTERNAL, true, "metrics file could not be read: " + e.getMessage(), e);
    }
  }

  static Map<String, Double> parse(String text) throws StepFailure {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonParseException e) {
      throw invalid("it is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("it is not JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw invalid("it is not a JSON object");
    }
    if (tree.size() > MAX_ENTRIES) {
      throw invalid("it has more than " + MAX_ENTRIES + " entries");
    }
    return numbers(tree);
  }

  private static Map<String, Double> numbers(JsonNode object) throws StepFailure {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
        throw invalid("metric name '" + abbreviate(name) + "' is blank or too long");
      }
      if (!field.getValue().isNumber() || !Double.isFinite(field.getValue().doubleValue())) {
        throw invalid("metric '" + name + "' is not a finite number");
      }
      metrics.put(name, field.getValue().doubleValue());
    }
    return metrics;
  }

  private static String abbreviate(String name) {
    return name.length() <= 40 ? name : name.substring(0, 40) + "...";
  }

  private static StepFailure invalid(String why) {
    // A step that writes bad metrics writes them again on retry: not retryable.
    return new StepFailure(
        FailureReason.OUTPUT_UPLOAD_FAILED, false, "invalid metrics file: " + why);
  }
}
