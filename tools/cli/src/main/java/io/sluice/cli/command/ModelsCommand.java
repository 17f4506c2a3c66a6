package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.Table;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import io.sluice.cli.args.UsageException;
import io.sluice.events.Json;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code models ...}: the registry's models, versions and aliases, and a person's decisions on
 * them. Reading needs the viewer role; deciding and moving aliases need approver.
 */
public final class ModelsCommand {

  private static final String MODELS = "/api/v1/models/";

  private final ApiClient api;
  private final ApiOutput output;

  public ModelsCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  public int run(Invocation.Api call) {
    List<String> args = call.arguments();
    return switch (call.action()) {
      case "list" -> list();
      case "get" -> args.size() == 1 ? versions(args.get(0)) : version(args.get(0), args.get(1));
      case "aliases" -> aliases(args.get(0));
      case "alias" -> alias(args.get(0), args.get(1), args.get(2), reason(call));
      case "unalias" -> unalias(args.get(0), args.get(1), reason(call));
      case "rollback" -> rollback(args.get(0), call.option("--to"), reason(call));
      default -> decide(call.action(), args.get(0), args.get(1), reason(call));
    };
  }

  private int list() {
    ApiClient.Answer answer = api.get("/api/v1/models");
    if (!answer.ok() || output.json()) {
      return shown(answer);
    }
    Table table = new Table("MODEL", "LATEST", "CHAMPION");
    for (JsonNode model : ApiOutput.parse(answer).path("items")) {
      table.row(
          Texts.text(model, "name"),
          Texts.text(model, "latestVersion"),
          Texts.text(model, "champion"));
    }
    output.out().print(table.isEmpty() ? "no models\n" : table.render());
    return 0;
  }

  private int versions(String model) {
    ApiClient.Answer answer = api.get(MODELS + encode(model) + "/versions?limit=100");
    if (!answer.ok() || output.json()) {
      return shown(answer);
    }
    Table table = new Table("VERSION", "VERDICT", "ALIASES", "ARCHIVED", "RUN", "REGISTERED");
    for (JsonNode version : ApiOutput.parse(answer).path("items")) {
      table.row(
          Texts.text(version, "version"),
          Texts.text(version, "verdict"),
          String.join(",", texts(version.path("aliases"))),
          version.path("archived").asBoolean() ? "yes" : null,
          Texts.text(version, "runId"),
          Texts.time(Texts.text(version, "registeredAt")));
    }
    output.out().print(table.isEmpty() ? "no versions\n" : table.render());
    return 0;
  }

  private int version(String model, String number) {
    ApiClient.Answer answer = api.get(MODELS + encode(model) + "/versions/" + encode(number));
    if (!answer.ok() || output.json()) {
      return shown(answer);
    }
    JsonNode version = ApiOutput.parse(answer);
    PrintStream out = output.out();
    out.printf("Model:      %s version %s%n", model, Texts.text(version, "version"));
    out.printf("Verdict:    %s (the gate's)%n", Texts.text(version, "verdict"));
    out.printf("Aliases:    %s%n", String.join(", ", texts(version.path("aliases"))));
    out.printf("Archived:   %s%n", version.path("archived").asBoolean() ? "yes" : "no");
    out.printf("Run:        %s%n", Texts.text(version, "runId"));
    out.printf("Registered: %s%n", Texts.time(Texts.text(version, "registeredAt")));
    for (JsonNode reason : version.path("reasons")) {
      out.printf("  - %s%n", reason.asText());
    }
    Table decisions = new Table("DECIDED", "ACTION", "BY", "REASON");
    for (JsonNode decision : version.path("decisions")) {
      decisions.row(
          Texts.time(Texts.text(decision, "decidedAt")),
          Texts.text(decision, "action"),
          Texts.text(decision, "decidedBy"),
          Texts.text(decision, "reason"));
    }
    if (!decisions.isEmpty()) {
      out.println();
      out.print(decisions.render());
    }
    return 0;
  }

  private int aliases(String model) {
    ApiClient.Answer answer = api.get(MODELS + encode(model) + "/aliases");
    if (!answer.ok() || output.json()) {
      return shown(answer);
    }
    Table table = new Table("ALIAS", "VERSION", "MOVED");
    for (JsonNode alias : ApiOutput.parse(answer).path("items")) {
      table.row(
          Texts.text(alias, "alias"),
          Texts.text(alias, "version"),
          Texts.time(Texts.text(alias, "updatedAt")));
    }
    output.out().print(table.isEmpty() ? "no aliases\n" : table.render());
    return 0;
  }

  private int alias(String model, String alias, String version, String reason) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("version", versionNumber(version, "version"));
    body.put("reason", reason);
    ApiClient.Answer answer = api.put(aliasPath(model, alias), "application/json", body.toString());
    return done(answer, alias + " of " + model + " names version " + version);
  }

  private int unalias(String model, String alias, String reason) {
    ApiClient.Answer answer =
        api.delete(aliasPath(model, alias), "application/json", reasonBody(reason).toString());
    return done(answer, "removed " + alias + " of " + model);
  }

  private int decide(String action, String model, String version, String reason) {
    String path =
        MODELS + encode(model) + "/versions/" + versionNumber(version, "version") + "/" + action;
    ApiClient.Answer answer = api.post(path, "application/json", reasonBody(reason).toString());
    return done(answer, action + " of " + model + " version " + version);
  }

  private int rollback(String model, String to, String reason) {
    ObjectNode body = reasonBody(reason);
    if (to != null) {
      body.put("toVersion", versionNumber(to, "--to"));
    }
    ApiClient.Answer answer =
        api.post(MODELS + encode(model) + "/rollback", "application/json", body.toString());
    if (answer.ok() && !output.json()) {
      JsonNode decision = ApiOutput.parse(answer);
      return done(
          answer, "rollback of " + model + " to version " + Texts.text(decision, "version"));
    }
    return done(answer, "rollback of " + model);
  }

  /** Prints what was done (202: asked, 200: already asked by an identical request). */
  private int done(ApiClient.Answer answer, String what) {
    if (!answer.ok() || output.json()) {
      return shown(answer);
    }
    String state = answer.status() == 202 ? "accepted" : "done";
    JsonNode body = ApiOutput.parse(answer);
    if (body.has("action")) {
      state = answer.status() == 202 ? "accepted" : "already accepted (same request)";
    }
    output.out().println(what + ": " + state);
    return 0;
  }

  private int shown(ApiClient.Answer answer) {
    return answer.ok() ? output.raw(answer) : output.refused(answer);
  }

  private static String reason(Invocation.Api call) {
    String reason = call.option("--reason");
    if (reason == null || reason.isBlank()) {
      throw new UsageException(
          "models " + call.action() + " needs --reason: say why, e.g. --reason 'beats v3'");
    }
    return reason;
  }

  private static ObjectNode reasonBody(String reason) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("reason", reason);
    return body;
  }

  private static int versionNumber(String text, String what) {
    if (!text.matches("[1-9][0-9]{0,8}")) {
      throw new UsageException(what + " is a version number from 1, e.g. 3; got '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static String aliasPath(String model, String alias) {
    return MODELS + encode(model) + "/aliases/" + encode(alias);
  }

  private static List<String> texts(JsonNode array) {
    java.util.List<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static String encode(String value) {
    return RunsCommand.encode(value);
  }
}
