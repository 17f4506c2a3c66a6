package io.sluice.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs end the step with exit 2 and one line on stderr that says what to fix. */
class MainTest {

  @TempDir Path dir;

  @Test
  void missingInputFolderExitsTwo() {
    StepRun run = split(dir.resolve("absent"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("sluice-steps split: input folder ")
        .contains("does not exist");
  }

  @Test
  void folderWithoutCsvExitsTwo() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("_SUCCESS"), "");

    assertThat(split(data).err()).contains("no .csv file in");
    assertThat(split(data).exitCode()).isEqualTo(2);
  }

  @Test
  void csvWithoutLabelColumnIsADataErrorExitingSixtyFive() throws IOException {
    StepRun run = split(data("a,b\n1,2\n"));

    assertThat(run.exitCode()).isEqualTo(65);
    assertThat(run.err()).contains("label column 'species' is not in the header [a, b]");
  }

  @Test
  void nonNumericFeatureIsADataErrorExitingSixtyFive() throws IOException {
    StepRun run = split(data("a,species\n1,x\nn/a,y\n"));

    assertThat(run.exitCode()).isEqualTo(65);
    assertThat(run.err()).contains("d.csv:3: column 'a' holds 'n/a', which is not a number");
  }

  @Test
  void csvWithHeaderOnlyIsADataErrorExitingSixtyFive() throws IOException {
    StepRun run = split(data("a,species\n"));

    assertThat(run.exitCode()).isEqualTo(65);
    assertThat(run.err()).contains("the data has a header but no rows");
  }

  @Test
  void unknownFlagExitsTwo() {
    StepRun run = StepRun.of("train", "--algoritm", "fm");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown flag --algoritm").contains("--algorithm");
  }

  @Test
  void unknownOrMissingCommandExitsTwoWithUsage() {
    StepRun unknown = StepRun.of("fit");
    StepRun none = StepRun.of();

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown command 'fit'").contains("usage:");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("split --data", "train --algorithm", "evaluate", "select");
  }

  @Test
  void helpExitsZero() {
    assertThat(StepRun.of("--help").exitCode()).isZero();
  }

  private StepRun split(Path data) {
    return StepRun.of(
        "split",
        "--data",
        data.toString(),
        "--train",
        dir.resolve("train").toString(),
        "--test",
        dir.resolve("test").toString());
  }

  private Path data(String csv) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("d.csv"), csv);
    return data;
  }
}
