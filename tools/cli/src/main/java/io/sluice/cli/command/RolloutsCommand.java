package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.Table;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import io.sluice.events.Json;

/**
 * {@code rollouts status [model] | pause | resume | abort | promote <model> [--reason R]}: the
 * serving gateway's rollouts, as a table (or the API's JSON with {@code --output json}).
 */
public final class RolloutsCommand {

  private final ApiClient api;
  private final ApiOutput output;

  public RolloutsCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  public int run(Invocation.Api call) {
    if (call.action().equals("status")) {
      return call.arguments().isEmpty() ? list() : one(call.arguments().get(0));
    }
    String model = RunsCommand.encode(call.arguments().get(0));
    ObjectNode body = Json.mapper().createObjectNode();
    if (call.option("--reason") != null) {
      body.put("reason", call.option("--reason"));
    }
    ApiClient.Answer answer =
        api.post(
            "/api/v1/rollouts/" + model + "/" + call.action(), "application/json", body.toString());
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode done = ApiOutput.parse(answer);
    output.out().println(describe(call.action(), done));
    return 0;
  }

  private int list() {
    ApiClient.Answer answer = api.get("/api/v1/rollouts");
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    Table table = new Table("MODEL", "CANDIDATE", "STABLE", "PHASE", "WEIGHT", "STEP", "FAILED");
    for (JsonNode rollout : ApiOutput.parse(answer).path("items")) {
      table.row(row(rollout));
    }
    output.out().print(table.isEmpty() ? "no rollouts in flight\n" : table.render());
    return 0;
  }

  private int one(String model) {
    ApiClient.Answer answer = api.get("/api/v1/rollouts/" + RunsCommand.encode(model));
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode rollout = ApiOutput.parse(answer);
    if (rollout.hasNonNull("outcome")) {
      output.out().println(endedText(rollout));
      return 0;
    }
    Table table = new Table("MODEL", "CANDIDATE", "STABLE", "PHASE", "WEIGHT", "STEP", "FAILED");
    output.out().print(table.row(row(rollout)).render());
    JsonNode judgement = rollout.path("lastJudgement");
    if (!judgement.isMissingNode() && !judgement.isNull()) {
      output.out().printf("last window: %s%n", judgementText(judgement));
    }
    return 0;
  }

  private static String[] row(JsonNode rollout) {
    String phase = Texts.text(rollout, "phase");
    if (rollout.path("paused").asBoolean()) {
      phase += " (paused by " + Texts.text(rollout, "pausedBy") + ")";
    }
    String weight =
        phase.startsWith("SHADOW")
            ? "mirror " + rollout.path("shadowPercent").asInt() + "%"
            : rollout.path("candidatePercent").asInt() + "%";
    return new String[] {
      Texts.text(rollout, "model"),
      "v" + Texts.text(rollout, "candidateVersion"),
      rollout.hasNonNull("stableVersion") ? "v" + Texts.text(rollout, "stableVersion") : "-",
      phase,
      weight,
      (rollout.path("step").asInt() + 1) + "/" + rollout.path("steps").size(),
      rollout.path("failedChecks").asInt() + "/" + rollout.path("failedChecksToRollback").asInt()
    };
  }

  /** A rollout that ended: what became of it, when, by whom, and the failed check if any. */
  private static String endedText(JsonNode ended) {
    String versions =
        Texts.text(ended, "model")
            + " v"
            + Texts.text(ended, "candidateVersion")
            + (ended.hasNonNull("stableVersion")
                ? " (stable v" + Texts.text(ended, "stableVersion") + ")"
                : "");
    String by =
        ended.hasNonNull("endedBy") ? "by " + Texts.text(ended, "endedBy") : "by the analysis";
    StringBuilder text =
        new StringBuilder("no rollout in flight; the last one ended ")
            .append(Texts.text(ended, "endedAt"))
            .append(": ")
            .append(versions)
            .append(' ')
            .append(Texts.text(ended, "outcome"))
            .append(' ')
            .append(by)
            .append("\nreason: ")
            .append(Texts.text(ended, "reason"));
    JsonNode check = ended.path("failedCheck");
    if (!check.isMissingNode() && !check.isNull()) {
      text.append("\nfailed check: ")
          .append(Texts.text(check, "name"))
          .append(' ')
          .append(check.path("observed").asDouble())
          .append(" vs limit ")
          .append(check.path("limit").asDouble())
          .append(" (")
          .append(stats("candidate", check.path("canary")))
          .append(stats("; stable", check.path("stable")))
          .append(')');
    }
    return text.toString();
  }

  private static String judgementText(JsonNode judgement) {
    JsonNode check = judgement.path("failedCheck");
    String stats =
        stats("candidate", judgement.path("canary")) + stats("; stable", judgement.path("stable"));
    if (check.isMissingNode() || check.isNull()) {
      return Texts.text(judgement, "outcome") + " (" + stats + ")";
    }
    return "FAIL "
        + Texts.text(check, "name")
        + " "
        + check.path("observed").asDouble()
        + " vs limit "
        + check.path("limit").asDouble()
        + " ("
        + stats
        + ")";
  }

  private static String stats(String label, JsonNode stats) {
    if (stats.isMissingNode() || stats.isNull()) {
      return "";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s %d requests, error rate %.4f, p99 %.2f ms",
        label,
        stats.path("requests").asLong(),
        stats.path("errorRate").asDouble(),
        stats.path("latencyP99Millis").asDouble());
  }

  private static String describe(String action, JsonNode done) {
    String model = Texts.text(done, "model");
    return switch (action) {
      case "pause" -> model + "'s rollout paused; weights stay as they are";
      case "resume" -> model + "'s rollout resumed with a fresh window";
      case "abort" ->
          model
              + " v"
              + Texts.text(done, "candidateVersion")
              + " rolled back; all traffic to the stable version";
      default -> model + " v" + Texts.text(done, "candidateVersion") + " promoted: all traffic";
    };
  }
}
