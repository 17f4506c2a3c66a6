package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.CliException;
import io.sluice.cli.api.ApiClient;
import io.sluice.cli.api.ApiOutput;
import io.sluice.cli.api.SpecErrors;
import io.sluice.cli.api.Table;
import io.sluice.cli.api.Texts;
import io.sluice.cli.args.Invocation;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code pipelines apply -f spec.yaml}, {@code pipelines list}, {@code pipelines get <name>}. */
public final class PipelinesCommand {

  /** The orchestrator refuses larger specs; a larger file is refused here, before it is read. */
  static final long MAX_SPEC_BYTES = 1024 * 1024;

  private final ApiClient api;
  private final ApiOutput output;

  public PipelinesCommand(ApiClient api, ApiOutput output) {
    this.api = api;
    this.output = output;
  }

  public int run(Invocation.Api call) {
    return switch (call.action()) {
      case "apply" -> apply(call);
      case "list" -> list();
      case "get" -> get(call.arguments().get(0));
      default -> throw new IllegalStateException("unhandled action " + call.action());
    };
  }

  private int apply(Invocation.Api call) {
    String file = call.option("-f") != null ? call.option("-f") : call.option("--file");
    if (file == null) {
      throw new io.sluice.cli.args.UsageException("'pipelines apply' needs -f <spec.yaml>");
    }
    String yaml = read(Path.of(file));
    ApiClient.Answer answer = api.post("/api/v1/pipelines", "application/yaml", yaml);
    if (!answer.ok()) {
      return refusedSpec(file, yaml, answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode view = ApiOutput.parse(answer);
    output
        .out()
        .printf(
            "pipeline %s %s: version %s%n",
            Texts.text(view, "name"),
            answer.status() == 201 ? "created" : "unchanged",
            Texts.text(view, "version"));
    view.path("warnings").forEach(w -> output.out().println("warning: " + w.asText()));
    return 0;
  }

  private int refusedSpec(String file, String yaml, ApiClient.Answer answer) {
    if (answer.status() != 400 || output.json()) {
      return output.json() ? printJsonRefusal(answer) : output.refused(answer);
    }
    JsonNode problem = ApiOutput.parse(answer);
    Integer line = problem.hasNonNull("line") ? problem.get("line").asInt() : null;
    output.err().print(SpecErrors.render(file, yaml, ApiOutput.detail(answer), line));
    output.err().flush();
    return ApiOutput.FAILED;
  }

  private int printJsonRefusal(ApiClient.Answer answer) {
    output.raw(answer);
    return ApiOutput.FAILED;
  }

  private int list() {
    ApiClient.Answer answer = api.get("/api/v1/pipelines");
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    Table table = new Table("NAME", "VERSION", "DATASET", "REGISTERED");
    for (JsonNode p : ApiOutput.parse(answer)) {
      table.row(
          Texts.text(p, "name"),
          Texts.shortHash(Texts.text(p, "version")),
          Texts.text(p, "triggerDataset"),
          Texts.time(Texts.text(p, "registeredAt")));
    }
    output.out().print(table.render());
    return 0;
  }

  private int get(String name) {
    ApiClient.Answer answer =
        api.get("/api/v1/pipelines/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    if (!answer.ok()) {
      return output.refused(answer);
    }
    if (output.json()) {
      return output.raw(answer);
    }
    JsonNode p = ApiOutput.parse(answer);
    output.out().printf("Pipeline:    %s%n", Texts.text(p, "name"));
    output.out().printf("Version:     %s%n", Texts.text(p, "version"));
    output.out().printf("Dataset:     %s%n", Texts.text(p, "triggerDataset"));
    output
        .out()
        .printf(
            "Registered:  %s by %s%n",
            Texts.time(Texts.text(p, "registeredAt")), Texts.text(p, "registeredBy"));
    String source = Texts.text(p, "source");
    if (source != null) {
      output.out().println();
      output.out().print(source.endsWith("\n") ? source : source + "\n");
    }
    return 0;
  }

  private static String read(Path file) {
    try {
      if (Files.size(file) > MAX_SPEC_BYTES) {
        throw new CliException(file + " is larger than " + MAX_SPEC_BYTES + " bytes; not a spec");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new CliException(file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
