package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.eventing.Transactor;
import io.sluice.events.CachedFrom;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FileDigest;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RunSucceeded;
import io.sluice.events.RunTrigger;
import io.sluice.events.S3Uri;
import io.sluice.events.StepDone;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.run.RunStart;
import io.sluice.orchestrator.run.RunStarter;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.EmbeddedS3;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The step cache through Kafka, Postgres and the object store: a second run of the Iris pipeline on
 * the same dataset version takes what did not change from the first run's attempts, unless the
 * outputs are gone, the step or the run opts out.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class StepCacheIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String ARTIFACTS = "artifacts";
  private static final Set<String> IRIS_STEPS =
      Set.of("split", "train-logistic", "train-fm", "evaluate-logistic", "evaluate-fm", "select");

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject StorageClient storage;
  @Inject Transactor transactor;
  @Inject RunStarter starter;
  @Inject PipelineSpecs specs;
  @Inject MeterRegistry meters;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS, Topics.MODELS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @BeforeEach
  void artifactsBucket() {
    storage.createBucketIfMissing(ARTIFACTS);
  }

  @Test
  void changingOnlyAnEvaluationStepRerunsOnlyItAndWhatDependsOnIt() throws Exception {
    String name = registerIris(UnaryOperator.identity());
    EventEnvelope<DataArrived> first = driver.arrive(name);
    String firstRun = runToSuccess(first, IRIS_STEPS);
    double hitsBefore = lookups("hit");

    RunDriver.register(changed(irisYaml(name), "evaluate-fm", "--report,", "--verbose, --report,"));
    EventEnvelope<DataArrived> again = arriveAgain(first);
    String secondRun = runToSuccess(again, Set.of("evaluate-fm", "select"));

    assertThat(driver.requested(again.correlationId()))
        .extracting(StepRequested::stepName)
        .containsExactlyInAnyOrder("evaluate-fm", "select");
    Map<String, StepDone> firstDone = doneOf(first.correlationId(), firstRun);
    for (String step : List.of("split", "train-logistic", "train-fm", "evaluate-logistic")) {
      StepDone cached = doneOf(again.correlationId(), secondRun).get(step);
      assertThat(cached.cachedFrom()).isEqualTo(new CachedFrom(firstRun, step, 1));
      assertThat(cached.executor()).isEqualTo("cache");
      assertThat(cached.attempt()).isEqualTo(1);
      assertThat(cached.outputs()).isEqualTo(firstDone.get(step).outputs());
      assertThat(cached.metrics()).isEqualTo(firstDone.get(step).metrics());
    }
    StepRequested evaluateFm = driver.awaitRequest(again.correlationId(), "evaluate-fm", 1);
    assertThat(evaluateFm.inputs())
        .as("the changed step reads the first run's cached outputs")
        .allSatisfy(input -> assertThat(input.uri()).contains("/runs/" + firstRun + "/"));
    JsonPath shown = RunDriver.run(secondRun);
    assertThat(shown.getString("steps.find { it.name == 'split' }.cachedFrom.runId"))
        .isEqualTo(firstRun);
    assertThat(shown.getInt("steps.find { it.name == 'split' }.cachedFrom.attempt")).isEqualTo(1);
    assertThat(shown.getString("steps.find { it.name == 'split' }.state")).isEqualTo("DONE");
    assertThat(shown.getMap("steps.find { it.name == 'evaluate-fm' }"))
        .as("a step that ran")
        .containsEntry("cachedFrom", null);
    assertThat(lookups("hit") - hitsBefore).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aRunWhoseEveryStepIsCachedOffersTheModelWithTheCachedMetrics() throws Exception {
    String name = registerIris(UnaryOperator.identity());
    EventEnvelope<DataArrived> first = driver.arrive(name);
    String firstRun = runToSuccess(first, IRIS_STEPS);

    // Only the gate changes: no step's cache key does.
    RunDriver.register(irisYaml(name).replace("min: 0.9", "min: 0.8"));
    EventEnvelope<DataArrived> again = arriveAgain(first);
    String secondRun = runToSuccess(again, Set.of());

    assertThat(driver.requested(again.correlationId())).isEmpty();
    assertThat(doneOf(again.correlationId(), secondRun)).hasSize(6);
    ModelCandidate candidate =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(again.correlationId(), ModelCandidate.class), l -> !l.isEmpty())
            .get(0)
            .data();
    assertThat(candidate.runId()).isEqualTo(secondRun);
    assertThat(candidate.metrics()).containsEntry("accuracy", 0.97);
    assertThat(candidate.artifact().uri()).contains("/runs/" + firstRun + "/select/1/model/");
    assertThat(candidate.gate()).singleElement().satisfies(g -> assertThat(g.min()).isEqualTo(0.8));
  }

  @Test
  void aStepWhoseOutputsAreGoneFromTheStoreRunsAgain() throws Exception {
    String name = registerIris(UnaryOperator.identity());
    EventEnvelope<DataArrived> first = driver.arrive(name);
    String firstRun = runToSuccess(first, IRIS_STEPS);
    StepOutput test = output(doneOf(first.correlationId(), firstRun).get("split"), "test");
    remove(test);
    double staleBefore = lookups("stale");

    RunDriver.register(changed(irisYaml(name), "select", "--metric,", "--verbose, --metric,"));
    EventEnvelope<DataArrived> again = arriveAgain(first);
    String secondRun = runToSuccess(again, IRIS_STEPS);

    assertThat(driver.requested(again.correlationId()))
        .extracting(StepRequested::stepName)
        .containsExactlyInAnyOrderElementsOf(IRIS_STEPS);
    assertThat(doneOf(again.correlationId(), secondRun).values()).noneMatch(StepDone::cached);
    assertThat(lookups("stale") - staleBefore).isGreaterThanOrEqualTo(1);
    String splitKey =
        RunDriver.run(secondRun).getString("steps.find { it.name == 'split' }.cacheKey");
    assertThat(originOf(splitKey))
        .as("the stale entry was replaced by the new run")
        .isEqualTo(secondRun);
  }

  @Test
  void aStepThatSaysCacheFalseRunsAndSoDoesWhatReadsItsNewOutputs() throws Exception {
    String name = registerIris(UnaryOperator.identity());
    EventEnvelope<DataArrived> first = driver.arrive(name);
    String firstRun = runToSuccess(first, IRIS_STEPS);

    String optedOut =
        irisYaml(name)
            .replace(
                "    inputs: {model: train-logistic.model, test: split.test}\n",
                "    inputs: {model: train-logistic.model, test: split.test}\n    cache: false\n");
    assertThat(optedOut).contains("cache: false");
    RunDriver.register(optedOut);
    EventEnvelope<DataArrived> again = arriveAgain(first);
    String secondRun = runToSuccess(again, Set.of("evaluate-logistic", "select"));

    assertThat(driver.requested(again.correlationId()))
        .extracting(StepRequested::stepName)
        .containsExactlyInAnyOrder("evaluate-logistic", "select");
    assertThat(doneOf(again.correlationId(), secondRun).get("evaluate-fm").cachedFrom())
        .isEqualTo(new CachedFrom(firstRun, "evaluate-fm", 1));
  }

  @Test
  void aRunThatOptsOutOfTheCacheRunsEveryStep() throws Exception {
    String name = registerIris(UnaryOperator.identity());
    EventEnvelope<DataArrived> first = driver.arrive(name);
    runToSuccess(first, IRIS_STEPS);
    double lookupsBefore = lookups("hit") + lookups("miss") + lookups("stale");

    UUID runId =
        transactor.inTransaction(
            connection -> {
              StoredPipeline pipeline = new PipelineStore().latest(connection, name).orElseThrow();
              RunStart start =
                  new RunStart(
                      pipeline,
                      specs.spec(pipeline),
                      first.data(),
                      RunTrigger.manual("cache-test"),
                      "no-cache-" + UUID.randomUUID(),
                      specs.spec(pipeline).params(),
                      false);
              return starter.start(connection, start, null).orElseThrow().id();
            });
    String chain = runId.toString();
    String secondRun = runToSuccess(chain, IRIS_STEPS);

    assertThat(secondRun).isEqualTo(chain);
    assertThat(driver.requested(chain))
        .extracting(StepRequested::stepName)
        .containsExactlyInAnyOrderElementsOf(IRIS_STEPS);
    assertThat(doneOf(chain, secondRun).values()).noneMatch(StepDone::cached);
    assertThat(lookups("hit") + lookups("miss") + lookups("stale"))
        .as("nothing was even looked up")
        .isEqualTo(lookupsBefore);
  }

  // --- helpers -----------------------------------------------------------------------------

  private static String irisYaml(String name) throws Exception {
    return Files.readString(Path.of("../../examples/iris/pipeline.yaml"))
        .replace("name: iris\n", "name: " + name + "\n")
        .replace("dataset: iris\n", "dataset: " + name + "\n");
  }

  private static String registerIris(UnaryOperator<String> edit) throws Exception {
    String name = RunDriver.unique("cached-iris");
    RunDriver.register(edit.apply(irisYaml(name)));
    return name;
  }

  /** The spec with the first {@code from} after the step's name replaced by {@code to}. */
  private static String changed(String yaml, String step, String from, String to) {
    int at = yaml.indexOf(from, yaml.indexOf("- name: " + step + "\n"));
    assertThat(at).isPositive();
    return yaml.substring(0, at) + to + yaml.substring(at + from.length());
  }

  /** The same dataset version announced again, as a re-drop would after a new pipeline version. */
  private static EventEnvelope<DataArrived> arriveAgain(EventEnvelope<DataArrived> first) {
    EventEnvelope<DataArrived> again =
        EventEnvelope.first("ingest", first.data().datasetName(), null, first.data());
    bus.send(again);
    return again;
  }

  private String runToSuccess(EventEnvelope<DataArrived> arrived, Set<String> toRun)
      throws Exception {
    return runToSuccess(arrived.correlationId(), toRun);
  }

  /**
   * Answers every step the run in {@code chain} requests (outputs written to the store) until the
   * steps in {@code toRun} have been answered and the run has succeeded; returns the run id.
   */
  private String runToSuccess(String chain, Set<String> toRun) throws Exception {
    Set<String> answered = new HashSet<>();
    while (!answered.containsAll(toRun)) {
      List<EventEnvelope<StepRequested>> open =
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      bus.chain(chain, StepRequested.class).stream()
                          .filter(r -> !answered.contains(r.data().stepName()))
                          .toList(),
                  l -> !l.isEmpty());
      for (EventEnvelope<StepRequested> request : open) {
        finish(request);
        answered.add(request.data().stepName());
      }
    }
    RunSucceeded succeeded =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunSucceeded.class), l -> !l.isEmpty())
            .get(0)
            .data();
    assertThat(answered).isEqualTo(toRun);
    return succeeded.runId();
  }

  /** Writes one file per output to the store and reports the attempt done. */
  private void finish(EventEnvelope<StepRequested> requested) throws Exception {
    StepRequested request = requested.data();
    List<StepOutput> outputs =
        request.outputs().stream()
            .map(target -> StepOutput.of(target.name(), target.uri(), List.of(store(target.uri()))))
            .toList();
    Instant now = Instant.now();
    StepDone done =
        new StepDone(
            request.runId(),
            request.stepName(),
            request.attempt(),
            0,
            outputs,
            metricsOf(request.stepName()),
            0,
            null,
            now.minusSeconds(1),
            now,
            "local",
            "test-host");
    bus.send(EventEnvelope.causedBy(requested, "trainer-launcher", request.runId(), done));
  }

  private FileDigest store(String folderUri) {
    S3Uri folder = S3Uri.parse(folderUri);
    byte[] content = ("model of " + folderUri).getBytes(StandardCharsets.UTF_8);
    storage.put(folder.bucket(), folder.key() + "model.onnx", content);
    return new FileDigest("model.onnx", content.length, sha256(content));
  }

  private static Map<String, Double> metricsOf(String step) {
    return switch (step) {
      case "evaluate-logistic" -> Map.of("accuracy", 0.93);
      case "evaluate-fm", "select" -> Map.of("accuracy", 0.97);
      default -> Map.of();
    };
  }

  /** The step.done of each step of the run, by step name. */
  private static Map<String, StepDone> doneOf(String chain, String runId) {
    Map<String, StepDone> byStep = new java.util.HashMap<>();
    bus.chain(chain, StepDone.class).stream()
        .map(EventEnvelope::data)
        .filter(done -> done.runId().equals(runId))
        .forEach(done -> byStep.put(done.stepName(), done));
    return byStep;
  }

  private static StepOutput output(StepDone done, String name) {
    return done.output(name).orElseThrow();
  }

  private static void remove(StepOutput output) throws Exception {
    EmbeddedS3 s3 = SluiceInfra.get().s3();
    MinioClient minio =
        MinioClient.builder()
            .endpoint(s3.endpoint().toString())
            .region(s3.region())
            .credentials(s3.accessKey(), s3.secretKey())
            .build();
    S3Uri folder = S3Uri.parse(output.uri());
    for (FileDigest file : output.files()) {
      minio.removeObject(
          RemoveObjectArgs.builder()
              .bucket(folder.bucket())
              .object(folder.key() + file.path())
              .build());
    }
  }

  private double lookups(String result) {
    return meters.counter("sluice.orchestrator.step.cache.lookups", "result", result).count();
  }

  private String originOf(String cacheKey) throws Exception {
    return transactor.inTransaction(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT run_id FROM step_cache WHERE cache_key = ?")) {
            select.setString(1, cacheKey);
            try (ResultSet rs = select.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  private static String sha256(byte[] content) throws IllegalStateException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
