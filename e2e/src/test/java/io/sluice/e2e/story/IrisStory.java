package io.sluice.e2e.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.e2e.client.DatasetsBucket;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.EventLog;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.Platform;
import io.sluice.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Iris story on the shared platform: the registrations, drops, waits and calls every scenario
 * makes, and the first served model, which the later scenarios build on and which is made once.
 */
public final class IrisStory {

  public static final String MODEL = "iris-classifier";
  public static final String SAMPLE = "[5.1,3.5,1.4,0.2]";

  /** How long one chain (drop → promoted or rejected) may take on a busy 2-core machine. */
  public static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);

  private static IrisStory instance;

  private final Platform platform;
  private final Http http;
  private final DatasetsBucket bucket;
  private final byte[] irisCsv;
  private FirstModel firstModel;
  private Throwable firstModelFailure;

  /**
   * The first model: the drop of the shipped CSV and the events that took it to serving.
   *
   * @param drop the drop into {@code iris/<date>/}
   * @param arrived its {@code data.arrived}
   * @param runStarted the run it started
   * @param promoted the {@code model.promoted} that ended the chain
   */
  public record FirstModel(Drop drop, Event arrived, Event runStarted, Event promoted) {
    public int version() {
      return promoted.data().path("version").asInt();
    }
  }

  private IrisStory(Platform platform) {
    this.platform = platform;
    this.http = new Http(platform::adminToken);
    this.bucket =
        new DatasetsBucket(
            platform.s3Endpoint(),
            Platform.S3_ACCESS_KEY,
            Platform.S3_SECRET_KEY,
            Platform.S3_REGION);
    this.irisCsv = read(platform.repo().resolve("examples/iris/iris.csv"));
  }

  /** The story, with the {@code iris} dataset and pipeline registered. */
  public static synchronized IrisStory get() {
    if (instance == null) {
      IrisStory story = new IrisStory(Platform.get());
      story.assertRegistered(story.registerDataset("iris", "iris/"));
      story.assertRegistered(story.registerPipeline(story.irisPipelineYaml()));
      instance = story;
    }
    return instance;
  }

  /** Asserts that a registration created the definition or found it registered already. */
  public void assertRegistered(Http.Response response) {
    assertThat(response.status()).as(response.describe()).isIn(200, 201);
  }

  /** Drops the shipped CSV into {@code iris/<date>/} and waits until a model serves; once. */
  public synchronized FirstModel firstModel() {
    if (firstModelFailure != null) {
      throw new IllegalStateException("the first model never served", firstModelFailure);
    }
    if (firstModel == null) {
      try {
        firstModel = makeFirstModel();
      } catch (RuntimeException | AssertionError e) {
        firstModelFailure = e;
        throw e;
      }
    }
    return firstModel;
  }

  private FirstModel makeFirstModel() {
    Drop drop = drop(folder("iris", ""), irisCsv);
    Event arrived = awaitEvent("data.arrived for " + drop.folder(), drop.mark(), arrivedIn(drop));
    assertThat(arrived.type()).as(arrived.describe()).isEqualTo("data.arrived");
    String versionId = arrived.text("versionId");
    Event started =
        awaitEvent(
            "run.started of iris",
            drop.mark(),
            e -> e.is("run.started") && versionId.equals(e.text("datasetVersion")));
    String runId = started.text("runId");
    Event outcome =
        awaitEvent(
            "model.promoted of run " + runId,
            drop.mark(),
            e -> e.is("model.promoted") || failedRun(e, runId) || rejectedModel(e));
    assertThat(outcome.type())
        .as("how the first chain ended: %s", outcome.describe())
        .isEqualTo("model.promoted");
    PhaseTimings.print("the first model", drop, events().since(drop.mark()), runId);
    return new FirstModel(drop, arrived, started, outcome);
  }

  /** A {@code data.arrived} or {@code data.rejected} for the drop's folder. */
  public static Predicate<Event> arrivedIn(Drop drop) {
    return e ->
        (e.is("data.arrived") || e.is("data.rejected"))
            && drop.folder().equals(e.text("dropFolder"));
  }

  public static boolean failedRun(Event event, String runId) {
    return (event.is("run.failed") || event.is("run.cancelled"))
        && runId.equals(event.text("runId"));
  }

  private static boolean rejectedModel(Event event) {
    return event.is("model.evaluated") && "REJECTED".equals(event.text("verdict"));
  }

  /** Uploads {@code <folder>iris.csv} and then the {@code _SUCCESS} marker. */
  public Drop drop(String folder, byte[] csv) {
    int mark = events().mark();
    Instant uploadedAt = Instant.now();
    String dataKey = folder + "iris.csv";
    String eTag = bucket.put(dataKey, csv);
    bucket.put(folder + "_SUCCESS", new byte[0]);
    return new Drop(folder, dataKey, eTag, mark, uploadedAt);
  }

  /** The first event after {@code mark} that matches, within {@link #CHAIN_TIMEOUT}. */
  public Event awaitEvent(String what, int mark, Predicate<Event> filter) {
    Optional<Event> found =
        await(what)
            .atMost(CHAIN_TIMEOUT)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> events().since(mark).stream().filter(filter).findFirst(),
                Optional::isPresent);
    return found.orElseThrow();
  }

  /** A drop folder unique to this platform: {@code <dataset>/<today><suffix>/}. */
  public static String folder(String dataset, String suffix) {
    return dataset + "/" + LocalDate.now() + suffix + "/";
  }

  public Http.Response registerDataset(String name, String prefix) {
    return http.post(
        platform.serviceUrl("ingest") + "/api/v1/datasets",
        "application/json",
        datasetJson(name, prefix));
  }

  /** {@code GET /api/v1/datasets/<name>/versions}: ingest's versions, each with its drops. */
  public Http.Response datasetVersions(String name) {
    return http.get(platform.serviceUrl("ingest") + "/api/v1/datasets/" + name + "/versions");
  }

  public Http.Response registerPipeline(String yaml) {
    return http.post(
        platform.serviceUrl("orchestrator") + "/api/v1/pipelines", "application/yaml", yaml);
  }

  /** {@code GET /api/v1/runs/<run>/steps/<step>/logs}: the step's latest attempt's kept log. */
  public Http.Response stepLog(String runId, String step) {
    return http.get(
        platform.serviceUrl("orchestrator") + "/api/v1/runs/" + runId + "/steps/" + step + "/logs");
  }

  /** {@code POST /v2/models/iris-classifier/infer} with the one sample row. */
  public Http.Response inferSample() {
    return infer(MODEL, SAMPLE);
  }

  /** {@code POST /v2/models/<model>/infer} with one row of four features. */
  public Http.Response infer(String model, String row) {
    // One row: as many features as the JSON array has numbers.
    int features = row.split(",").length;
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,"
            + features
            + "],\"datatype\":\"FP32\",\"data\":"
            + row
            + "}]}";
    return http.post(
        platform.serviceUrl("serving-gateway") + "/v2/models/" + model + "/infer",
        "application/json",
        body);
  }

  /** {@code GET /v2/models/iris-classifier}: the V2 metadata, with the serving version. */
  public Http.Response modelMetadata() {
    return http.get(platform.serviceUrl("serving-gateway") + "/v2/models/" + MODEL);
  }

  /** {@code GET /v2/models/iris-classifier/ready}. */
  public Http.Response modelReady() {
    return http.get(platform.serviceUrl("serving-gateway") + "/v2/models/" + MODEL + "/ready");
  }

  /** The version the gateway answers with for the sample. */
  public int servingVersion() {
    Http.Response response = inferSample();
    assertThat(response.status()).as(response.describe()).isEqualTo(200);
    return Integer.parseInt(response.json().path("model_version").asText());
  }

  public Http.Response lineage(int version) {
    return http.get(
        platform.serviceUrl("registry")
            + "/api/v1/models/"
            + MODEL
            + "/versions/"
            + version
            + "/lineage");
  }

  public String irisPipelineYaml() {
    return new String(
        read(platform.repo().resolve("examples/iris/pipeline.yaml")),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  public byte[] irisCsv() {
    return irisCsv.clone();
  }

  public EventLog events() {
    return platform.events();
  }

  /**
   * {@code examples/iris/dataset.json} renamed, or, while that file does not exist, the same
   * definition built here.
   */
  private String datasetJson(String name, String prefix) {
    Path example = platform.repo().resolve("examples/iris/dataset.json");
    try {
      ObjectNode definition =
          Files.exists(example)
              ? (ObjectNode) Json.mapper().readTree(example.toFile())
              : builtDefinition();
      definition.put("name", name).put("bucket", DatasetsBucket.BUCKET).put("prefix", prefix);
      return Json.mapper().writeValueAsString(definition);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode builtDefinition() throws IOException {
    String header =
        new String(irisCsv, java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElseThrow();
    ObjectNode definition = Json.mapper().createObjectNode();
    ObjectNode schema = definition.putObject("schema");
    var columns = schema.putArray("columns");
    for (String column : header.split(",")) {
      columns
          .addObject()
          .put("name", column)
          .put("type", column.equals("species") ? "STRING" : "NUMBER");
    }
    schema.put("labelColumn", "species");
    return definition;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
