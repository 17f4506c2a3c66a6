package io.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.CliException;
import io.sluice.cli.config.Settings;
import io.sluice.cli.demo.EventFollower;
import io.sluice.cli.demo.EventFollower.Outcome;
import io.sluice.cli.demo.IrisDrop;
import io.sluice.cli.demo.PlatformApi;
import io.sluice.cli.demo.PlatformApi.Response;
import io.sluice.cli.provision.S3Requests;
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
  private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(10);

  private final Settings settings;
  private final PrintStream out;
  private final PlatformApi api = new PlatformApi();

  public DemoCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public int run(boolean fresh) {
    int up = new UpCommand(settings, out).run(false);
    if (up != 0) {
      return up;
    }
    out.println();
    register();
    boolean serving = isServing();
    if (!fresh && serving && datasetHasVersions()) {
      out.println(
          "The Iris data is unchanged and "
              + MODEL
              + " is already serving; run './sluice demo --fresh' to drop a new variant.");
    } else {
      IrisDrop drop =
          fresh
              ? IrisDrop.fresh(settings.repoRoot(), LocalDateTime.now(), System.nanoTime())
              : IrisDrop.original(settings.repoRoot(), LocalDateTime.now());
      Optional<Outcome> outcome = dropAndFollow(drop);
      if (!report(outcome) && !isServing()) {
        return CliException.FAILURE;
      }
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
    S3Requests s3 =
        new S3Requests(
            settings.s3Endpoint(),
            Settings.S3_ACCESS_KEY,
            Settings.S3_SECRET_KEY,
            Settings.S3_REGION);
    try (EventFollower follower = new EventFollower(settings.kafkaBootstrap(), out)) {
      out.println("dropping s3://datasets/" + drop.dataKey() + " and " + IrisDrop.SUCCESS_MARKER);
      out.println();
      long start = System.nanoTime();
      put(s3, drop.dataKey(), drop.csv());
      put(s3, drop.markerKey(), new byte[0]);
      return follower.follow(drop.folder(), start, CHAIN_TIMEOUT);
    }
  }

  private static void put(S3Requests s3, String key, byte[] body) {
    try {
      var response = s3.send("PUT", "datasets", key, body);
      if (response.statusCode() != 200) {
        throw new CliException("S3 PUT " + key + " failed: HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while uploading " + key, e);
    }
  }

  /** Prints how the chain ended; true when a new version serves. */
  private boolean report(Optional<Outcome> outcome) {
    out.println();
    if (outcome.isEmpty()) {
      out.println(
          "No outcome within " + CHAIN_TIMEOUT.toMinutes() + " minutes; see ./sluice logs.");
      return false;
    }
    Outcome end = outcome.get();
    if (end.served()) {
      out.println(MODEL + " version " + end.data().path("version").asText() + " now serves.");
    } else {
      out.println("The chain ended with " + end.type() + ": " + end.data());
      out.println("Whatever served before keeps serving.");
    }
    return end.served();
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
      out.println("  " + output.path("name").asText() + " = " + output.path("data"));
    }
    out.println();
    out.println("Ask again yourself:");
    out.println("  curl -s " + url + " -H 'content-type: application/json' -d '" + body + "'");
    return 0;
  }

  private boolean isServing() {
    return api.get(settings.serviceUrl("serving-gateway") + "/v2/models/" + MODEL + "/ready").ok();
  }

  private boolean datasetHasVersions() {
    Response versions = api.get(settings.serviceUrl("ingest") + "/api/v1/datasets/iris/versions");
    if (!versions.ok()) {
      return false;
    }
    JsonNode json = versions.json();
    JsonNode items = json.isArray() ? json : json.path("items");
    return items.isArray() && !items.isEmpty();
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
