package io.sluice.steps.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.steps.cli.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {

  @TempDir Path dir;

  @Test
  void concatenatesEveryCsvInPathOrderAndIgnoresMarkers() throws IOException {
    Files.writeString(dir.resolve("b.csv"), "x,y\n3,4\n");
    Files.writeString(dir.resolve("a.csv"), "x,y\n1,2\n");
    Files.writeString(dir.resolve("_SUCCESS"), "");

    CsvTable table = DataFolder.readAll(dir);

    assertThat(table.header()).containsExactly("x", "y");
    assertThat(table.rows())
        .extracting(CsvRow::fields)
        .containsExactly(List.of("1", "2"), List.of("3", "4"));
  }

  @Test
  void rejectsMissingFolder() {
    assertThatThrownBy(() -> DataFolder.readAll(dir.resolve("nope")))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void rejectsFolderWithoutCsv() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "hello");

    assertThatThrownBy(() -> DataFolder.readAll(dir))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("no .csv file in");
  }

  @Test
  void rejectsCsvsWithDifferentHeaders() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "x,y\n1,2\n");
    Files.writeString(dir.resolve("b.csv"), "y,x\n1,2\n");

    assertThatThrownBy(() -> DataFolder.readAll(dir)).hasMessageContaining("same columns");
  }

  @Test
  void rejectsEmptyFileAndRowWithWrongFieldCount() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "");
    assertThatThrownBy(() -> DataFolder.readAll(dir)).hasMessageContaining("a.csv is empty");

    Files.writeString(dir.resolve("a.csv"), "x,y\n1,2,3\n");
    assertThatThrownBy(() -> DataFolder.readAll(dir))
        .hasMessageContaining("a.csv:2 has 3 fields but the header has 2 columns");
  }

  @Test
  void quotedFieldsSurviveAWriteAndReadBack() {
    CsvTable table =
        new CsvTable(
            List.of("name", "note"), List.of(new CsvRow("t", 2, List.of("a,b", "say \"hi\""))));
    Path file = dir.resolve("round.csv");

    CsvFormat.write(table, file);

    assertThat(CsvFormat.read(file).rows().get(0).fields()).containsExactly("a,b", "say \"hi\"");
  }
}
