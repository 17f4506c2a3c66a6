package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import io.sluice.cli.args.UsageException;
import io.sluice.events.Json;
import java.util.List;

/**
 * {@code runs start|cancel|retry|rerun|logs}: what the CLI asks of a pipeline's runs. Each prints
 * the run it started or changed (its id, so that {@code runs get} can follow).
 */
final class RunActionsCommand {

  private final ApiClient api;
  private final ApiOutput output;

  RunActionsCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  int run(Invocation.Api call) {
    String target = RunsCommand.encode(call.arguments().get(0));
    return switch (call.action()) {
      case "start" ->
          started(
              api.post(
                  "/api/v1/pipelines/" + target + "/runs", "application/json", startBody(call)),
              "started");
      case "cancel" -> cancel(target, call.option("--reason"));
      case "retry" ->
          started(api.post("/api/v1/runs/" + target + "/retry", "application/json", "{}"), "retry");
      case "rerun" ->
          started(
              api.post("/api/v1/runs/" + target + "/rerun", "application/json", "{}"), "re-run");
      case "logs" -> logs(target, RunsCommand.encode(call.arguments().get(1)), call);
      default -> throw new IllegalStateException("unhandled action " + call.action());
    };
  }

  /** {@code {"datasetVersion"?, "pipelineVersion"?, "params"?: {k: v}, "cache"?: false}}. */
  static String startBody(Invocation.Api call) {
    ObjectNode body = Json.mapper().createObjectNode();
    if (call.option("--dataset-version") != null) {
      body.put("datasetVersion", call.option("--dataset-version"));
    }
    if (call.option("--pipeline-version") != null) {
      body.put("pipelineVersion", call.option("--pipeline-version"));
    }
    List<String> params = call.options().getOrDefault("--param", List.of());
    if (!params.isEmpty()) {
      ObjectNode map = body.putObject("params");
      for (String param : params) {
        int eq = param.indexOf('=');
        if (eq < 1) {
          throw new UsageException(
              "--param takes key=value, e.g. --param seed=7; got '" + param + "'");
        }
        String key = param.substring(0, eq);
        if (map.has(key)) {
          throw new UsageException("--param " + key + " is given twice; give it once");
        }
        map.put(key, param.substring(eq + 1));
      }
    }
    if (call.flag("--no-cache")) {
      body.put("cache", false);
    }
    return body.toString();
  }

  private int started(ApiClient.Answer answer, String what) {
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode run = ApiOutput.parse(answer);
    output
        .out()
        .printf(
            "%s run %s of %s on dataset version %s%n",
            what,
            Texts.text(run, "id"),
            Texts.text(run, "pipelineName"),
            Texts.shortHash(Texts.text(run, "datasetVersion")));
    output.out().println("follow it: ./sluice runs get " + Texts.text(run, "id"));
    return 0;
  }

  private int cancel(String runId, String reason) {
    ObjectNode body = Json.mapper().createObjectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    ApiClient.Answer answer =
        api.post("/api/v1/runs/" + runId + "/cancel", "application/json", body.toString());
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode run = ApiOutput.parse(answer);
    output
        .out()
        .printf(
            "run %s %s%n",
            Texts.text(run, "id"), answer.status() == 202 ? "cancelled" : "was already cancelled");
    return 0;
  }

  private int logs(String runId, String step, Invocation.Api call) {
    String attempt = call.option("--attempt");
    if (attempt != null && !attempt.matches("[1-9][0-9]{0,5}")) {
      throw new UsageException("--attempt is a whole number from 1, e.g. --attempt 2");
    }
    ApiClient.Answer answer =
        api.get(
            "/api/v1/runs/"
                + runId
                + "/steps/"
                + step
                + "/logs"
                + (attempt == null ? "" : "?attempt=" + attempt));
    if (!answer.ok()) {
      return output.refused(answer);
    }
    // A log is text whatever --output says: there is no table to make of it.
    return output.raw(answer);
  }
}
