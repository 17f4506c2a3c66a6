package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.Table;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import java.io.PrintStream;

/** {@code models compare <model> <a> <b>}: two versions side by side. */
public final class ModelCompareCommand {

  private final ApiClient api;
  private final ApiOutput output;

  public ModelCompareCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  public int run(Invocation.Api call) {
    String model = ModelVersionsCommand.encode(call.arguments().get(0));
    String a = ModelVersionsCommand.encode(call.arguments().get(1));
    String b = ModelVersionsCommand.encode(call.arguments().get(2));
    ApiClient.Answer answer =
        api.get("/api/v1/models/" + model + "/versions/" + a + "/compare/" + b);
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode comparison = ApiOutput.parse(answer);
    PrintStream out = output.out();
    Table sides =
        new Table("", "VERSION " + version(comparison, "a"), "VERSION " + version(comparison, "b"));
    for (String field : new String[] {"verdict", "registeredAt", "runId", "datasetVersion"}) {
      sides.row(field, side(comparison.path("a"), field), side(comparison.path("b"), field));
    }
    sides.row("aliases", aliases(comparison.path("a")), aliases(comparison.path("b")));
    out.print(sides.render());
    out.println();
    Table metrics = new Table("METRIC", "A", "B", "B - A");
    for (JsonNode metric : comparison.path("metrics")) {
      metrics.row(
          Texts.text(metric, "name"),
          Texts.text(metric, "a"),
          Texts.text(metric, "b"),
          Texts.text(metric, "difference"));
    }
    out.print(metrics.isEmpty() ? "no metrics\n" : metrics.render());
    differences(out, comparison.path("params"), "PARAM", "no params differ");
    differences(out, comparison.path("lineage"), "LINEAGE", "no lineage differs");
    return 0;
  }

  private static void differences(PrintStream out, JsonNode items, String header, String none) {
    out.println();
    Table table = new Table(header, "A", "B");
    for (JsonNode item : items) {
      table.row(Texts.text(item, "name"), value(item.path("a")), value(item.path("b")));
    }
    out.print(table.isEmpty() ? none + "\n" : table.render());
  }

  /** A string as itself, a list (argv) as its words, nothing as "-". */
  private static String value(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return "-";
    }
    return node.isArray() ? String.join(" ", ModelVersionsCommand.strings(node)) : node.asText();
  }

  private static String version(JsonNode comparison, String side) {
    return comparison.path(side).path("version").asText();
  }

  private static String side(JsonNode side, String field) {
    String text = Texts.text(side, field);
    return text == null ? "-" : text;
  }

  private static String aliases(JsonNode side) {
    String aliases = String.join(",", ModelVersionsCommand.strings(side.path("aliases")));
    return aliases.isEmpty() ? "-" : aliases;
  }
}
