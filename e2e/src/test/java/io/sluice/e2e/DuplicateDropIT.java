package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: the same content dropped again into another folder is the same dataset version, so it
 * starts no run and the served version stays.
 */
@Order(2)
@ExtendWith(LogsOnFailure.class)
class DuplicateDropIT {

  /** Long enough for a notification, a drop completion and a run start, many times over. */
  private static final Duration QUIET = Duration.ofSeconds(20);

  private static IrisStory story;
  private static IrisStory.FirstModel first;

  @BeforeAll
  static void serveTheFirstModel() {
    story = IrisStory.get();
    first = story.firstModel();
  }

  @Test
  void sameContentInAnotherFolderStartsNoRunAndTheSameVersionServes() {
    int servingBefore = story.servingVersion();

    Drop again = story.drop(IrisStory.folder("iris", "-again"), story.irisCsv());

    await("no run.started for the re-dropped content")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(10))
        .until(() -> story.events().since(again.mark(), "run.started", e -> true).isEmpty());
    assertThat(
            story
                .events()
                .since(
                    again.mark(), "data.arrived", e -> again.folder().equals(e.text("dropFolder"))))
        .as("a data.arrived for the re-drop, if any, names the first version")
        .extracting(e -> e.text("versionId"))
        .allSatisfy(version -> assertThat(version).isEqualTo(first.arrived().text("versionId")));
    assertThat(story.servingVersion()).isEqualTo(servingBefore);
  }
}
