package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: {@code iris-strict}, the Iris pipeline with an accuracy gate no Iris model reaches,
 * triggered by its own dataset, yields a rejected version of the same model, and the gateway keeps
 * serving what it served.
 */
@Order(4)
@ExtendWith(LogsOnFailure.class)
class GateRejectionIT {

  /** The least silence that counts as "no rollout follows": longer than a canary's first step. */
  private static final Duration MIN_QUIET = Duration.ofSeconds(20);

  private static IrisStory story;

  @BeforeAll
  static void serveTheFirstModelAndRegisterTheStrictPipeline() {
    story = IrisStory.get();
    story.firstModel();
    story.assertRegistered(story.registerDataset("iris-strict", "iris-strict/"));
    story.assertRegistered(story.registerPipeline(strictPipeline(story.irisPipelineYaml())));
  }

  @Test
  void candidateBelowTheGateIsRejectedAndTheServedVersionStays() {
    int servingBefore = story.servingVersion();

    Drop drop = story.drop(IrisStory.folder("iris-strict", ""), story.irisCsv());
    Event started =
        story.awaitEvent(
            "run.started of iris-strict",
            drop.mark(),
            e -> e.is("run.started") && "iris-strict".equals(e.text("pipelineName")));
    String runId = started.text("runId");
    Event outcome =
        story.awaitEvent(
            "model.evaluated of run " + runId,
            drop.mark(),
            e ->
                (e.is("model.evaluated")
                        && runId.equals(e.data().path("lineage").path("runId").asText()))
                    || IrisStory.failedRun(e, runId));

    assertThat(outcome.type()).as(outcome.describe()).isEqualTo("model.evaluated");
    assertThat(outcome.text("modelName")).isEqualTo(IrisStory.MODEL);
    assertThat(outcome.text("verdict")).isEqualTo("REJECTED");
    assertThat(outcome.data().path("reasons").toString()).contains("accuracy");
    int rejected = outcome.data().path("version").asInt();
    Duration quiet = quietPeriod();
    await("no rollout and no promotion of rejected version " + rejected + " for " + quiet)
        .during(quiet)
        .atMost(quiet.plusSeconds(10))
        .until(() -> rolloutsOrPromotionsSince(drop.mark()).isEmpty());
    assertThat(story.servingVersion()).isEqualTo(servingBefore);
  }

  /**
   * How long silence must last to mean "the gateway will not roll it out": several times what the
   * gateway took from the first model's approval to its promotion (loading, warming up and, with a
   * stable version, the first canary step all come before that), and never under {@link
   * #MIN_QUIET}.
   */
  private static Duration quietPeriod() {
    IrisStory.FirstModel first = story.firstModel();
    List<Event> chain = story.events().since(first.drop().mark());
    Instant approved = firstOf(chain, "model.evaluated", first.version()).time();
    Instant promoted = first.promoted().time();
    Duration reaction = Duration.between(approved, promoted).multipliedBy(5);
    return reaction.compareTo(MIN_QUIET) > 0 ? reaction : MIN_QUIET;
  }

  private static Event firstOf(List<Event> events, String type, int version) {
    return events.stream()
        .filter(e -> e.is(type) && e.data().path("version").asInt() == version)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " of version " + version));
  }

  private static List<Event> rolloutsOrPromotionsSince(int mark) {
    return story.events().since(mark).stream()
        .filter(e -> e.is("rollout.started") || e.is("model.promoted"))
        .toList();
  }

  /** The shipped spec renamed, triggered by {@code iris-strict}, gated at accuracy ≥ 0.9999. */
  static String strictPipeline(String iris) {
    String strict = replaceOnce(iris, "(?m)^name: iris$", "name: iris-strict");
    strict = replaceOnce(strict, "(?m)^  dataset: iris$", "  dataset: iris-strict");
    return replaceOnce(
        strict, "\\{metric: accuracy, min: 0\\.9\\}", "{metric: accuracy, min: 0.9999}");
  }

  private static String replaceOnce(String text, String regex, String replacement) {
    Pattern pattern = Pattern.compile(regex);
    assertThat(pattern.matcher(text).results().count())
        .as("examples/iris/pipeline.yaml has exactly one match of %s", regex)
        .isEqualTo(1);
    return pattern.matcher(text).replaceFirst(replacement);
  }
}
