package io.sluice.e2e.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisFiles;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One model of the rollout scenarios, on the shared platform, under a name no other scenario uses.
 * Its versions come from one-step pipelines ({@code rollout/model.py}) that write an Iris-shaped
 * classifier that behaves as the scenario asks; each pipeline has its own dataset, so a drop into
 * it makes exactly the version the scenario wants next. Also the REST calls the scenarios make
 * about the model.
 */
final class RolloutModel {

  /** The one row every scenario sends: its first feature (5.1) is what a failing model fails on. */
  static final String ROW = "[5.1,3.5,1.4,0.2]";

  private static final String PIPELINE =
      """
      # A rollout scenario's pipeline: one step writes the model the scenario asks for.
      name: %1$s
      trigger:
        dataset: %1$s
      params:
        python: /usr/bin/python3
        script: e2e/src/test/resources/rollout/model.py
        behaviour: %3$s
        accuracy: "%4$s"
      steps:
        - name: train
          image: ghcr.io/sluice/steps:0.1.0
          command: ["{{params.python}}", "{{params.script}}", "{{params.behaviour}}",
                    "{{params.accuracy}}", "{{outputs.model}}"]
          inputs: {data: dataset}
          outputs: [model]
          timeout: 2m
      model:
        name: %2$s
        artifact: train.model
        metrics: train
        gate:
          - {metric: accuracy, min: 0.9}
        serving: %5$s
      """;

  private final String name;
  private final IrisStory story;
  private final Platform platform;
  private final Http http;
  private int drops;

  private RolloutModel(String name) {
    this.name = name;
    this.story = IrisStory.get();
    this.platform = Platform.get();
    this.http = new Http(platform::adminToken);
  }

  /** The model {@code name}, nothing registered yet. */
  static RolloutModel named(String name) {
    return new RolloutModel(name);
  }

  String name() {
    return name;
  }

  /**
   * Registers a pipeline {@code <model>-<suffix>} triggered by its own dataset of the same name,
   * whose versions of this model behave as {@code behaviour} ({@code good}, {@code failing}, {@code
   * slow}), report {@code accuracy} and roll out as {@code serving} (a YAML flow map).
   *
   * @return the pipeline's name, to {@link #produce} versions with
   */
  String registerPipeline(String suffix, String behaviour, String accuracy, String serving) {
    String pipeline = name + "-" + suffix;
    story.assertRegistered(story.registerDataset(pipeline, pipeline + "/"));
    story.assertRegistered(
        story.registerPipeline(PIPELINE.formatted(pipeline, name, behaviour, accuracy, serving)));
    return pipeline;
  }

  /**
   * Drops a CSV no earlier drop had into the pipeline's dataset and waits for the version the run
   * makes to be approved.
   *
   * @return the {@code model.evaluated} of the version
   */
  Event produce(String pipeline) {
    drops++;
    byte[] csv = IrisFiles.shuffled(story.irisCsv(), 31L * name.hashCode() + drops);
    Drop drop = story.drop(IrisStory.folder(pipeline, "-" + drops), csv);
    Event arrived =
        story.awaitEvent("data.* for " + drop.folder(), drop.mark(), IrisStory.arrivedIn(drop));
    assertThat(arrived.type()).as(arrived.describe()).isEqualTo("data.arrived");
    String datasetVersion = arrived.text("versionId");
    Event started =
        story.awaitEvent(
            "run.started of " + pipeline,
            drop.mark(),
            e -> e.is("run.started") && datasetVersion.equals(e.text("datasetVersion")));
    String runId = started.text("runId");
    Event evaluated =
        story.awaitEvent(
            "model.evaluated of run " + runId,
            drop.mark(),
            e ->
                (e.is("model.evaluated")
                        && runId.equals(e.data().path("lineage").path("runId").asText()))
                    || IrisStory.failedRun(e, runId));
    assertThat(evaluated.type()).as(evaluated.describe()).isEqualTo("model.evaluated");
    assertThat(evaluated.text("verdict")).as(evaluated.describe()).isEqualTo("APPROVED");
    assertThat(evaluated.text("modelName")).isEqualTo(name);
    return evaluated;
  }

  /** The first event of this model after {@code mark} of that type and version. */
  Event first(String type, int version, int mark) {
    return awaitEvent(type + " of " + name + " v" + version, mark, of(type, version));
  }

  /**
   * How the version's rollout ended: its {@code model.promoted} or {@code model.rolled_back},
   * whichever came first after {@code mark}, so that a test expecting one fails at once on the
   * other.
   */
  Event ended(int version, int mark) {
    return awaitEvent(
        "the end of " + name + " v" + version + "'s rollout",
        mark,
        of("model.promoted", version).or(of("model.rolled_back", version)));
  }

  Event awaitEvent(String what, int mark, Predicate<Event> filter) {
    return story.awaitEvent(what, mark, filter);
  }

  /** The events of this model after {@code mark} of that type and version, in order. */
  List<Event> events(String type, int version, int mark) {
    return story.events().since(mark).stream().filter(of(type, version)).toList();
  }

  private Predicate<Event> of(String type, int version) {
    return e ->
        e.is(type)
            && name.equals(e.text("modelName"))
            && e.data().path("version").asInt() == version;
  }

  int mark() {
    return story.events().mark();
  }

  /** Real traffic to this model, {@code clients} threads sending {@link #ROW}. */
  InferenceTraffic traffic(int clients) {
    return InferenceTraffic.start(
        platform.serviceUrl("serving-gateway"), name, ROW, platform::adminToken, clients);
  }

  /** The version an alias of the model points at, as the registry says; empty on a 404. */
  Optional<Integer> alias(String alias) {
    Http.Response response =
        http.get(platform.serviceUrl("registry") + "/api/v1/models/" + name + "/aliases/" + alias);
    if (response.status() == 404) {
      return Optional.empty();
    }
    assertThat(response.status()).as(response.describe()).isEqualTo(200);
    return Optional.of(response.json().path("version").asInt());
  }

  /** Waits until the registry's aliases are as given (empty: the alias is gone). */
  void awaitAliases(Optional<Integer> champion, Optional<Integer> challenger) {
    await(name + ": champion " + champion + ", challenger " + challenger)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(alias("champion")).as("champion").isEqualTo(champion);
              assertThat(alias("challenger")).as("challenger").isEqualTo(challenger);
            });
  }

  /** {@code GET /api/v1/rollouts/<model>} on the gateway. */
  Http.Response rollout() {
    return http.get(platform.serviceUrl("serving-gateway") + "/api/v1/rollouts/" + name);
  }
}
