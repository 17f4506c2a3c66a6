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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;

/** {@code models versions <model> [filters]}: a search of the registry's versions of a model. */
public final class ModelVersionsCommand {

  /** The CLI's options and the query parameters of the registry's version list they become. */
  static final Map<String, String> PARAMETERS = parameters();

  private final ApiClient api;
  private final ApiOutput output;

  public ModelVersionsCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  public int run(Invocation.Api call) {
    String model = call.arguments().get(0);
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    PARAMETERS.forEach(
        (option, parameter) -> {
          for (String value : call.options().getOrDefault(option, List.of())) {
            query.add(parameter + "=" + encode(value));
          }
        });
    ApiClient.Answer answer = api.get("/api/v1/models/" + encode(model) + "/versions" + query);
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode page = ApiOutput.parse(answer);
    PrintStream out = output.out();
    Table table = new Table("VERSION", "VERDICT", "ALIASES", "REGISTERED", "RUN", "METRICS");
    for (JsonNode version : page.path("items")) {
      table.row(
          version.path("version").asText(),
          Texts.text(version, "verdict"),
          String.join(",", strings(version.path("aliases"))),
          Texts.time(Texts.text(version, "registeredAt")),
          Texts.text(version, "runId"),
          metrics(version.path("metrics")));
    }
    out.print(table.isEmpty() ? "no versions\n" : table.render());
    String next = Texts.text(page, "next");
    if (next != null) {
      out.println("more: --after " + next);
    }
    return 0;
  }

  /** {@code name=value} by name, so that columns line up from row to row. */
  private static String metrics(JsonNode metrics) {
    StringJoiner text = new StringJoiner(" ");
    new TreeSet<String>(fieldNames(metrics))
        .forEach(name -> text.add(name + "=" + metrics.path(name).asText()));
    return text.toString();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> parameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("--metric", "metric");
    parameters.put("--alias", "alias");
    parameters.put("--dataset-version", "datasetVersion");
    parameters.put("--run", "runId");
    parameters.put("--verdict", "verdict");
    parameters.put("--registered-after", "registeredAfter");
    parameters.put("--registered-before", "registeredBefore");
    parameters.put("--limit", "limit");
    parameters.put("--after", "after");
    return parameters;
  }
}
