package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.ObjectRef;
import io.sluice.events.OutputTarget;
import io.sluice.events.S3Uri;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.spec.SpecParser;
import io.sluice.orchestrator.spec.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dataset input of a step names the drop folder so that the launcher reads exactly it. */
class StepRequestsUriTest {

  private static final String SHA = "ab".repeat(32);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wine/p q/",
        "wine/p%41/",
        "wine/a#b/",
        "wine/what?/",
        "wine/a+b/",
        "wine/Caf\u00e9/",
        "wine/Cafe\u0301/"
      })
  void theDatasetInputNamesTheDropFolderByteForByte(String dropFolder) throws Exception {
    StepRequested request = request(dropFolder);

    String uri = request.inputs().get(0).uri();
    assertThat(S3Uri.parse(uri)).isEqualTo(new S3Uri("datasets", dropFolder));
    assertThat(uri).doesNotContain(" ", "#", "?").startsWith("s3://datasets/wine/");
  }

  @Test
  void plainFoldersAndOutputsKeepTheUrisTheyHadBefore() throws Exception {
    StepRequested request = request("iris/2026-11-22/");

    assertThat(request.inputs().get(0).uri()).isEqualTo("s3://datasets/iris/2026-11-22/");
    assertThat(request.outputs())
        .extracting(OutputTarget::uri)
        .containsExactly("s3://artifacts/runs/r-1/train/2/model/");
  }

  private static StepRequested request(String dropFolder) throws Exception {
    StepSpec step =
        new SpecParser()
            .parse(
                """
                name: demo
                trigger: {dataset: wine}
                steps:
                  - name: train
                    image: img:1
                    command: [train, "{{inputs.data}}"]
                    inputs: {data: dataset}
                    outputs: [model]
                """)
            .step("train")
            .orElseThrow();
    return new StepRequests("artifacts", Duration.ofMinutes(5))
        .request("r-1", step, 2, Map.of(), dataset(dropFolder), Map.of(), Instant.EPOCH);
  }

  private static DataArrived dataset(String dropFolder) {
    List<ObjectRef> objects =
        List.of(new ObjectRef("datasets", dropFolder + "data.csv", 4, null, SHA));
    return new DataArrived(
        "wine",
        DataArrived.versionOf(dropFolder, objects),
        "datasets",
        "wine/",
        dropFolder,
        Completion.SUCCESS_MARKER,
        objects,
        1,
        List.of(new ColumnSpec("a", ColumnType.NUMBER)),
        null);
  }
}
