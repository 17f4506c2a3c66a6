package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.Table;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** {@code runs list}, {@code runs get <id>} and {@code runs timeline <id>}: finding runs. */
public final class RunsCommand {

  /** The CLI's options and the query parameters of {@code GET /api/v1/runs} they become. */
  static final Map<String, String> LIST_PARAMETERS = listParameters();

  private final ApiClient api;
  private final ApiOutput output;
  private final Clock clock;

  public RunsCommand(ApiClient api, ApiOutput output, Clock clock) {
    this.api = api;
    this.output = output;
    this.clock = clock;
  }

  public int run(Invocation.Api call) {
    return switch (call.action()) {
      case "list" -> list(call);
      case "get" -> get(call.arguments().get(0));
      case "timeline" -> timeline(call);
      default -> new RunActionsCommand(api, output).run(call);
    };
  }

  private int list(Invocation.Api call) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    LIST_PARAMETERS.forEach(
        (option, parameter) -> {
          String value = call.option(option);
          if (value != null) {
            query.add(parameter + "=" + encode(value));
          }
        });
    ApiClient.Answer answer = api.get("/api/v1/runs" + query);
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode page = ApiOutput.parse(answer);
    Table table = new Table("ID", "PIPELINE", "STATE", "TRIGGER", "DATASET", "CREATED", "DURATION");
    for (JsonNode run : page.path("items")) {
      table.row(
          Texts.text(run, "id"),
          Texts.text(run, "pipelineName"),
          Texts.text(run, "state"),
          trigger(run.path("trigger")),
          Texts.shortHash(Texts.text(run, "datasetVersion")),
          Texts.time(Texts.text(run, "createdAt")),
          Texts.duration(
              Texts.text(run, "createdAt"), Texts.text(run, "finishedAt"), clock.instant()));
    }
    PrintStream out = output.out();
    out.print(table.isEmpty() ? "no runs\n" : table.render());
    String next = Texts.text(page, "next");
    if (next != null) {
      out.println("more: --cursor " + next);
    }
    return 0;
  }

  private int get(String id) {
    ApiClient.Answer answer = api.get("/api/v1/runs/" + encode(id));
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode run = ApiOutput.parse(answer);
    PrintStream out = output.out();
    out.printf("Run:       %s%n", Texts.text(run, "id"));
    out.printf(
        "Pipeline:  %s (version %s)%n",
        Texts.text(run, "pipelineName"), Texts.shortHash(Texts.text(run, "pipelineVersion")));
    out.printf("State:     %s%n", Texts.text(run, "state"));
    out.printf("Trigger:   %s%n", trigger(run.path("trigger")));
    out.printf(
        "Dataset:   %s version %s%n",
        Texts.text(run, "datasetName"), Texts.shortHash(Texts.text(run, "datasetVersion")));
    out.printf("Created:   %s%n", Texts.time(Texts.text(run, "createdAt")));
    line(out, "Finished:  ", Texts.time(Texts.text(run, "finishedAt")));
    line(out, "Failure:   ", Texts.text(run, "failure"));
    line(out, "Cancelled: ", Texts.text(run, "cancelReason"));
    out.println();
    Table steps = new Table("STEP", "STATE", "ATTEMPT", "DURATION", "CACHED", "LAST ERROR");
    for (JsonNode step : run.path("steps")) {
      steps.row(
          Texts.text(step, "name"),
          Texts.text(step, "state"),
          step.path("attempt").asInt() == 0 ? null : step.path("attempt").asText(),
          Texts.duration(
              Texts.text(step, "startedAt"), Texts.text(step, "finishedAt"), clock.instant()),
          cached(step.path("cachedFrom")),
          Texts.text(step, "lastError"));
    }
    out.print(steps.render());
    return 0;
  }

  private int timeline(Invocation.Api call) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    if (call.option("--after") != null) {
      query.add("after=" + encode(call.option("--after")));
    }
    if (call.option("--limit") != null) {
      query.add("limit=" + encode(call.option("--limit")));
    }
    ApiClient.Answer answer =
        api.get("/api/v1/runs/" + encode(call.arguments().get(0)) + "/timeline" + query);
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode page = ApiOutput.parse(answer);
    Table table = new Table("TIME", "EVENT", "STEP", "ATTEMPT", "DETAIL");
    for (JsonNode entry : page.path("items")) {
      table.row(
          Texts.time(Texts.text(entry, "time")),
          Texts.text(entry, "eventType"),
          Texts.text(entry, "step"),
          Texts.text(entry, "attempt"),
          Texts.text(entry, "detail"));
    }
    output.out().print(table.render());
    String next = Texts.text(page, "next");
    if (next != null) {
      output.out().println("more: --after " + next);
    }
    return 0;
  }

  /** {@code manual by ada}, {@code schedule nightly}, {@code pipeline prep}, {@code dataset}. */
  static String trigger(JsonNode trigger) {
    String kind = Texts.text(trigger, "kind");
    if (kind == null) {
      return null;
    }
    String text = kind.toLowerCase(java.util.Locale.ROOT);
    if (Texts.text(trigger, "caller") != null) {
      text += " by " + Texts.text(trigger, "caller");
    }
    if (Texts.text(trigger, "schedule") != null) {
      text += " " + Texts.text(trigger, "schedule");
    }
    if (Texts.text(trigger, "upstreamPipeline") != null) {
      text += " " + Texts.text(trigger, "upstreamPipeline");
    }
    if (Texts.text(trigger, "rerunOf") != null) {
      text += " (re-run)";
    }
    if (Texts.text(trigger, "retryOf") != null) {
      text += " (retry)";
    }
    return text;
  }

  private static String cached(JsonNode cachedFrom) {
    return cachedFrom.isMissingNode() || cachedFrom.isNull()
        ? null
        : "from " + Texts.text(cachedFrom, "runId");
  }

  private static void line(PrintStream out, String label, String value) {
    if (value != null) {
      out.println(label + value);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, String> listParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("--pipeline", "pipeline");
    parameters.put("--state", "state");
    parameters.put("--trigger", "trigger");
    parameters.put("--dataset-version", "datasetVersion");
    parameters.put("--since", "createdAfter");
    parameters.put("--until", "createdBefore");
    parameters.put("--limit", "limit");
    parameters.put("--cursor", "cursor");
    return parameters;
  }
}
