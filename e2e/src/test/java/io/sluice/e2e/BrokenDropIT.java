package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisFiles;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: a CSV with a row that misses a column is rejected with a reason and starts nothing.
 */
@Order(3)
@ExtendWith(LogsOnFailure.class)
class BrokenDropIT {

  private static final Duration QUIET = Duration.ofSeconds(10);

  private static IrisStory story;

  @BeforeAll
  static void registerTheIrisDataset() {
    story = IrisStory.get();
  }

  @Test
  void rowWithAMissingColumnIsRejectedWithAReasonAndStartsNoRun() {
    Drop broken =
        story.drop(
            IrisStory.folder("iris", "-broken"), IrisFiles.withMissingColumn(story.irisCsv()));

    Event outcome =
        story.awaitEvent(
            "data.* for " + broken.folder(), broken.mark(), IrisStory.arrivedIn(broken));

    assertThat(outcome.type()).as(outcome.describe()).isEqualTo("data.rejected");
    assertThat(outcome.text("datasetName")).isEqualTo("iris");
    assertThat(outcome.text("reason")).isEqualTo("INCONSISTENT_ROWS");
    assertThat(outcome.text("message")).isNotBlank();
    await("no run.started after the rejected drop")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(10))
        .until(() -> story.events().since(broken.mark(), "run.started", e -> true).isEmpty());
  }
}
