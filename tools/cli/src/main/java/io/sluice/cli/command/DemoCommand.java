package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.CliException;
import io.sluice.cli.config.Settings;
import io.sluice.cli.demo.EventFollower;
import io.sluice.cli.demo.EventFollower.Outcome;
import io.sluice.cli.demo.IrisDrop;
import io.sluice.cli.demo.PlatformApi;
import io.sluice.cli.demo.PlatformApi.Response;
import io.sluice.cli.security.LocalTokens;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * {@code ./sluice demo [--fresh]}: the whole story on a local platform. Starts it if needed,
 * registers the Iris dataset and pipeline, drops the data into the bucket, prints the events of the
 * chain as they happen, and ends with a prediction from the served model and the curl that gets it
 * again.
 */
public final class DemoCommand {

  static final String MODEL = "iris-classifier";
  static final String SAMPLE = "[5.1, 3.5, 1.4, 0.2]";
  static final String BUCKET = "datasets";
  private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);

  private final Settings settings;
  private final PrintStream out;
  private final PlatformApi api;

  public DemoCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.api = new PlatformApi(() -> new LocalTokens(settings.stateDir()).adminToken());
  }

  public int run(boolean fresh) {
    int up = new UpCommand(settings, out).run(false);
    if (up != 0) {
      return up;
    }
    out.println();
    register();
    IrisDrop drop =
        fresh
            ? IrisDrop.fresh(settings.repoRoot(), LocalDateTime.now(), System.nanoTime())
            : IrisDrop.original(settings.repoRoot(), LocalDateTime.now());
    String version = drop.versionId(BUCKET);
    if (isIngested(version)) {
      out.println(
          "The Iris data is unchanged: it is dataset version "
              + version.substring(0, 12)
              + ", already ingested, so dropping it again would start nothing."
              + " Run './sluice demo --fresh' to drop a new variant.");
    } else {
      report(dropAndFollow(drop));
    }
    if (!isServing()) {
      out.println(
          "No version of "
              + MODEL
              + " serves: the run for this data did not produce an approved model (see"
              + " 'curl -s -H \"Authorization: Bearer $(./sluice token)\" "
              + settings.serviceUrl("orchestrator")
              + "/api/v1/runs'). Try './sluice demo --fresh'.");
      return CliException.FAILURE;
    }
    return predict();
  }

  private void register() {
    Response dataset =
        api.post(
                settings.serviceUrl("ingest") + "/api/v1/datasets",
                "application/json",
                example("dataset.json"))
            .orFail("registering the iris dataset");
    out.println("dataset  iris  " + (dataset.status() == 201 ? "registered" : "unchanged"));
    Response pipeline =
        api.post(
                settings.serviceUrl("orchestrator") + "/api/v1/pipelines",
                "application/yaml",
                example("pipeline.yaml"))
            .orFail("registering the iris pipeline");
    out.println(
        "pipeline iris  "
            + (pipeline.status() == 201 ? "registered" : "unchanged")
            + "  version "
            + pipeline.json().path("version").asText());
  }

  private Optional<Outcome> dropAndFollow(IrisDrop drop) {
    try (StorageClient storage = StorageClient.create(settings.storage());
        EventFollower follower = new EventFollower(settings.kafkaBootstrap(), out)) {
      out.println(
          "dropping s3://" + BUCKET + "/" + drop.dataKey() + " and " + IrisDrop.SUCCESS_MARKER);
      out.println();
      long start = System.nanoTime();
      put(storage, drop.dataKey(), drop.csv());
      put(storage, drop.markerKey(), new byte[0]);
      return follower.follow(drop.folder(), start, CHAIN_TIMEOUT);
    }
  }

  private static void put(StorageClient storage, String key, byte[] body) {
    try {
      storage.put(BUCKET, key, body);
    } catch (StorageException e) {
      throw new CliException("uploading " + key + " failed: " + e.getMessage(), e);
    }
  }

  /** Prints how the chain ended. */
  private void report(Optional<Outcome> outcome) {
    out.println();
    if (outcome.isEmpty()) {
      out.println(
          "No outcome within " + CHAIN_TIMEOUT.toMinutes() + " minutes; see ./sluice logs.");
      return;
    }
    Outcome end = outcome.get();
    if (end.served()) {
      out.println(MODEL + " version " + end.data().path("version").asText() + " now serves.");
    } else {
      out.println("The chain ended with " + end.type() + ": " + end.data());
      out.println("Whatever served before keeps serving.");
    }
  }

  private int predict() {
    String url = settings.serviceUrl("serving-gateway") + "/v2/models/" + MODEL + "/infer";
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":"
            + SAMPLE.replace(" ", "")
            + "}]}";
    Response response = api.post(url, "application/json", body);
    if (!response.ok()) {
      out.println("No model serves yet: " + response.body());
      return CliException.FAILURE;
    }
    JsonNode json = response.json();
    out.println();
    out.println(
        "Prediction for sepal 5.1 x 3.5, petal 1.4 x 0.2 (model "
            + json.path("model_name").asText()
            + " version "
            + json.path("model_version").asText()
            + "):");
    for (JsonNode output : json.path("outputs")) {
      out.println("  " + output.path("name").asText() + " = " + describe(output));
    }
    out.println();
    out.println("Ask again yourself:");
    out.println("  TOKEN=$(./sluice token --role inference)");
    out.println(
        "  curl -s "
            + url
            + " -H \"Authorization: Bearer $TOKEN\" -H 'content-type: application/json' -d '"
            + body
            + "'");
    return 0;
  }

  /** The output's data; probabilities paired with their class names when the model names them. */
  static String describe(JsonNode output) {
    JsonNode classNames = output.path("parameters").path("class_names");
    JsonNode data = output.path("data");
    if (!classNames.isArray() || classNames.size() != data.size()) {
      return data.toString();
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < data.size(); i++) {
      text.append(i == 0 ? "" : ", ")
          .append(classNames.get(i).asText())
          .append(String.format(java.util.Locale.ROOT, " %.4f", data.get(i).asDouble()));
    }
    return text.toString();
  }

  private boolean isServing() {
    return api.get(settings.serviceUrl("serving-gateway") + "/v2/models/" + MODEL + "/ready").ok();
  }

  private boolean isIngested(String versionId) {
    Response versions = api.get(settings.serviceUrl("ingest") + "/api/v1/datasets/iris/versions");
    if (!versions.ok()) {
      return false;
    }
    for (JsonNode version : versions.json()) {
      if (versionId.equals(version.path("versionId").asText())) {
        return true;
      }
    }
    return false;
  }

  private String example(String file) {
    Path path = settings.repoRoot().resolve("examples/iris").resolve(file);
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
