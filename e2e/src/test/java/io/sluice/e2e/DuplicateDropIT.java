package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import java.util.Optional;
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

  /**
   * Long enough for an outbox relay to publish what ingest recorded with the duplicate, and for a
   * run to start from it, many times over.
   */
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
    String firstVersion = first.arrived().text("versionId");

    Drop again = story.drop(IrisStory.folder("iris", "-again"), story.irisCsv());

    // Ingest has completed the drop once it lists it: from here on, silence means "nothing sent".
    JsonNode record =
        await("ingest records the drop in " + again.folder())
            .atMost(IrisStory.CHAIN_TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> dropRecord(again.folder()), Optional::isPresent)
            .orElseThrow();
    assertThat(record.path("versionId").asText())
        .as("the version the re-drop yielded: %s", record)
        .isEqualTo(firstVersion);
    assertThat(record.path("duplicate").asBoolean()).as("a duplicate: %s", record).isTrue();
    await("no data.arrived and no run.started for the re-dropped content")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(10))
        .until(
            () ->
                story.events().since(again.mark(), "run.started", e -> true).isEmpty()
                    && story
                        .events()
                        .since(
                            again.mark(),
                            "data.arrived",
                            e -> again.folder().equals(e.text("dropFolder")))
                        .isEmpty());
    assertThat(story.servingVersion()).isEqualTo(servingBefore);
  }

  /** The drop record for {@code folder}, with the version it yielded added as {@code versionId}. */
  private static Optional<JsonNode> dropRecord(String folder) {
    Http.Response versions = story.datasetVersions("iris");
    assertThat(versions.status()).as(versions.describe()).isEqualTo(200);
    for (JsonNode version : versions.json()) {
      for (JsonNode drop : version.path("drops")) {
        if (folder.equals(drop.path("dropFolder").asText())) {
          return Optional.of(
              ((ObjectNode) drop.deepCopy()).put("versionId", version.path("versionId").asText()));
        }
      }
    }
    return Optional.empty();
  }
}
