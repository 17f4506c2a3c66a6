package io.sluice.orchestrator.api;

import io.sluice.events.TriggerKind;
import io.sluice.orchestrator.run.RunFilter;
import io.sluice.orchestrator.run.RunState;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the filters of {@code GET /api/v1/runs} from their query text. Each parameter is read as
 * text, so that a value JAX-RS could not convert is a 400 that names the parameter, not a 404.
 */
final class ListQuery {

  /** Longer than any pipeline name the spec allows; a longer one matches nothing anyway. */
  static final int MAX_PIPELINE_LENGTH = 200;

  /** The parameters of the listing (unknown ones are ignored, as JAX-RS does). */
  static final List<String> PARAMETERS =
      List.of(
          "pipeline",
          "state",
          "trigger",
          "datasetVersion",
          "createdAfter",
          "createdBefore",
          "cursor",
          "limit");

  private ListQuery() {}

  static RunFilter filter(
      String pipeline,
      String state,
      String trigger,
      String datasetVersion,
      String createdAfter,
      String createdBefore) {
    Instant after = instant(createdAfter, "createdAfter");
    Instant before = instant(createdBefore, "createdBefore");
    if (after != null && before != null && !after.isBefore(before)) {
      throw badRequest("createdAfter must be before createdBefore");
    }
    return new RunFilter(
        pipeline(pipeline),
        state == null ? null : RunState.valueOf(oneOf(state, "state", RunState.values())),
        trigger == null
            ? null
            : TriggerKind.valueOf(oneOf(trigger, "trigger", TriggerKind.values())),
        datasetVersion(datasetVersion),
        after,
        before);
  }

  /** A parameter given twice is refused: which of the two was meant cannot be told. */
  static void once(MultivaluedMap<String, String> parameters) {
    for (String name : PARAMETERS) {
      List<String> values = parameters.get(name);
      if (values != null && values.size() > 1) {
        throw badRequest(name + " is given " + values.size() + " times; give it once");
      }
    }
  }

  private static String pipeline(String pipeline) {
    if (pipeline != null && (pipeline.isBlank() || pipeline.length() > MAX_PIPELINE_LENGTH)) {
      throw badRequest(
          "pipeline must be a pipeline name of 1 to " + MAX_PIPELINE_LENGTH + " characters");
    }
    return pipeline;
  }

  /** Case-insensitive, so that {@code state=running} works as well as the canonical name. */
  private static String oneOf(String text, String parameter, Enum<?>[] values) {
    String name = text.toUpperCase(Locale.ROOT);
    for (Enum<?> value : values) {
      if (value.name().equals(name)) {
        return name;
      }
    }
    throw badRequest(parameter + " must be one of " + Arrays.toString(values));
  }

  private static String datasetVersion(String version) {
    if (version != null && !version.matches("[0-9a-f]{64}")) {
      throw badRequest("datasetVersion must be a dataset version: 64 lower-case hex digits");
    }
    return version;
  }

  private static Instant instant(String text, String parameter) {
    if (text == null) {
      return null;
    }
    try {
      // Bounded before parsing: an instant is never this long.
      if (text.length() > 40) {
        throw new DateTimeParseException("too long", text, 0);
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw badRequest(parameter + " must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }
}
