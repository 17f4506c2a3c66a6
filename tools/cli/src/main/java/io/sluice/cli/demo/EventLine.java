package io.sluice.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line of the demo's live event log: elapsed time, type, subject and what matters. */
public final class EventLine {

  private EventLine() {}

  public static String format(double elapsedSeconds, String ceType, String subject, JsonNode data) {
    String type = shortType(ceType);
    return String.format(
        Locale.ROOT, "%+8.3fs  %-22s %-38s %s", elapsedSeconds, type, subject, details(type, data));
  }

  /** {@code io.sluice.step.done.v1} → {@code step.done}. */
  public static String shortType(String ceType) {
    String name = ceType.startsWith("io.sluice.") ? ceType.substring(10) : ceType;
    int version = name.lastIndexOf(".v");
    return version > 0 ? name.substring(0, version) : name;
  }

  static String details(String type, JsonNode data) {
    List<String> parts = new ArrayList<>();
    switch (type) {
      case "data.arrived" -> {
        parts.add("version=" + shortHash(data.path("versionId").asText()));
        parts.add("drop=" + data.path("dropFolder").asText());
        parts.add("rows=" + data.path("rowCount").asText());
      }
      case "data.rejected" -> {
        parts.add("reason=" + data.path("reason").asText());
        parts.add(data.path("message").asText());
      }
      case "run.started" -> {
        parts.add("pipeline=" + data.path("pipelineName").asText());
        parts.add("dataset=" + shortHash(data.path("datasetVersion").asText()));
      }
      case "step.requested", "step.started", "step.done", "step.failed" -> stepDetails(data, parts);
      case "run.succeeded", "run.failed", "run.cancelled" -> {
        parts.add("run=" + data.path("runId").asText());
        addIfPresent(parts, "failedStep", data);
        addIfPresent(parts, "reason", data);
      }
      case "model.candidate", "model.registered", "model.evaluated", "model.promoted" ->
          modelDetails(data, parts);
      default -> parts.add(data.toString());
    }
    return String.join(" ", parts);
  }

  private static void stepDetails(JsonNode data, List<String> parts) {
    parts.add("step=" + data.path("stepName").asText());
    parts.add("attempt=" + data.path("attempt").asText());
    JsonNode metrics = data.path("metrics");
    if (metrics.isObject() && !metrics.isEmpty()) {
      List<String> shown = new ArrayList<>();
      metrics.fields().forEachRemaining(e -> shown.add(e.getKey() + "=" + round(e.getValue())));
      parts.add("metrics{" + String.join(", ", shown.subList(0, Math.min(4, shown.size()))) + "}");
    }
    addIfPresent(parts, "reason", data);
    addIfPresent(parts, "exitCode", data);
  }

  private static void modelDetails(JsonNode data, List<String> parts) {
    parts.add("model=" + data.path("modelName").asText());
    addIfPresent(parts, "version", data);
    addIfPresent(parts, "verdict", data);
    addIfPresent(parts, "previousVersion", data);
    JsonNode accuracy = data.path("metrics").path("accuracy");
    if (accuracy.isNumber()) {
      parts.add("accuracy=" + round(accuracy));
    }
    JsonNode reasons = data.path("reasons");
    if (reasons.isArray() && !reasons.isEmpty()) {
      parts.add("reasons=" + reasons);
    }
  }

  private static void addIfPresent(List<String> parts, String field, JsonNode data) {
    JsonNode value = data.path(field);
    if (!value.isMissingNode() && !value.isNull()) {
      parts.add(field + "=" + value.asText());
    }
  }

  private static String round(JsonNode number) {
    return number.isNumber()
        ? String.format(Locale.ROOT, "%.3f", number.asDouble())
        : number.asText();
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
