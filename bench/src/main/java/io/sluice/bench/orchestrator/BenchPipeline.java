package io.sluice.bench.orchestrator;

import io.sluice.security.Roles;
import io.sluice.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The pipeline the benchmark registers: a linear chain of trivial steps triggered by one dataset,
 * each step reading the previous step's output, so a run has {@code steps - 1} orchestrator hops.
 */
final class BenchPipeline {

  private BenchPipeline() {}

  /** The spec's YAML: {@code s1} reads the dataset, {@code sN} reads {@code s(N-1).out}. */
  static String yaml(String name, String dataset, int steps) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("name: ").append(name).append('\n');
    yaml.append("trigger:\n  dataset: ").append(dataset).append('\n');
    yaml.append("steps:\n");
    for (int i = 1; i <= steps; i++) {
      String input = i == 1 ? "dataset" : "s" + (i - 1) + ".out";
      yaml.append("  - name: s").append(i).append('\n');
      yaml.append("    image: busybox:1.36\n");
      yaml.append("    command: [\"true\", \"{{inputs.data}}\", \"{{outputs.out}}\"]\n");
      yaml.append("    inputs: {data: ").append(input).append("}\n");
      yaml.append("    outputs: [out]\n");
    }
    return yaml.toString();
  }

  /** Registers the spec over REST; fails unless the orchestrator accepts it. */
  static void register(URI orchestrator, String yaml) throws IOException, InterruptedException {
    HttpRequest post =
        HttpRequest.newBuilder(orchestrator.resolve("/api/v1/pipelines"))
            .header("Content-Type", "application/yaml")
            .header("Authorization", "Bearer " + TestTokens.withRoles(Roles.ML_ENGINEER))
            .POST(HttpRequest.BodyPublishers.ofString(yaml))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException(
          "pipeline refused: " + response.statusCode() + " " + response.body());
    }
  }
}
