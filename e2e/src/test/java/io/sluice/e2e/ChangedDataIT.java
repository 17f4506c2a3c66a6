package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisFiles;
import io.sluice.e2e.story.IrisStory;
import io.sluice.e2e.story.PhaseTimings;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: the Iris rows in another order are a new dataset version, so exactly one new run; its
 * model passes the gate and is promoted as a higher version that the gateway then serves. (A
 * rejected model leaving the served version in place is {@link GateRejectionIT}.)
 */
@Order(5)
@ExtendWith(LogsOnFailure.class)
class ChangedDataIT {

  private static final long SHUFFLE_SEED = 7;

  private static IrisStory story;
  private static IrisStory.FirstModel first;

  @BeforeAll
  static void serveTheFirstModel() {
    story = IrisStory.get();
    first = story.firstModel();
  }

  @Test
  void shuffledRowsStartExactlyOneRunAndServeANewHigherVersion() {
    int servingBefore = story.servingVersion();

    Drop drop =
        story.drop(
            IrisStory.folder("iris", "-shuffled"),
            IrisFiles.shuffled(story.irisCsv(), SHUFFLE_SEED));
    Event arrived =
        story.awaitEvent("data.* for " + drop.folder(), drop.mark(), IrisStory.arrivedIn(drop));
    assertThat(arrived.type()).as(arrived.describe()).isEqualTo("data.arrived");
    String versionId = arrived.text("versionId");
    assertThat(versionId).isNotEqualTo(first.arrived().text("versionId"));
    Event started =
        story.awaitEvent(
            "run.started for " + versionId,
            drop.mark(),
            e -> e.is("run.started") && versionId.equals(e.text("datasetVersion")));
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
    assertThat(story.events().since(drop.mark(), "run.started", e -> true))
        .as("run.started since the drop")
        .extracting(e -> e.text("runId"))
        .containsExactly(runId);

    // The split and training are seeded and the gate is an absolute accuracy bar, so the verdict
    // is part of the scenario: Iris in another order still makes a model that passes it.
    assertThat(evaluated.text("verdict")).as(evaluated.describe()).isEqualTo("APPROVED");
    assertThat(evaluated.data().path("metrics").path("accuracy").asDouble())
        .as("the accuracy the gate approved: %s", evaluated.describe())
        .isGreaterThanOrEqualTo(0.9);
    int version = evaluated.data().path("version").asInt();
    assertThat(version).isGreaterThan(servingBefore);
    Event promoted =
        story.awaitEvent(
            "model.promoted of version " + version,
            drop.mark(),
            e -> e.is("model.promoted") && e.data().path("version").asInt() == version);
    assertThat(promoted.data().path("previousVersion").asInt()).isEqualTo(servingBefore);
    await("the gateway answers with version " + version)
        .atMost(Duration.ofSeconds(30))
        .until(story::servingVersion, served -> served == version);
    PhaseTimings.print(
        "changed data (" + evaluated.text("verdict") + ")",
        drop,
        story.events().since(drop.mark()),
        runId);
  }
}
