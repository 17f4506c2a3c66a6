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

class LabeledDataTest {

  @TempDir Path dir;

  @Test
  void featuresKeepTheCsvColumnOrderWithoutTheLabel() throws IOException {
    CsvTable table = csv("b,species,a\n1,x,2\n3,y,4\n");

    LabeledData data = LabeledData.from(table, "species");

    assertThat(data.featureNames()).containsExactly("b", "a");
    assertThat(data.features()).isEqualTo(new double[][] {{1, 2}, {3, 4}});
    assertThat(data.labels()).containsExactly("x", "y");
  }

  @Test
  void featuresCanBePickedByNameInAGivenOrder() throws IOException {
    CsvTable table = csv("b,species,a\n1,x,2\n");

    LabeledData data = LabeledData.from(table, "species", List.of("a", "b"));

    assertThat(data.features()[0]).containsExactly(2, 1);
  }

  @Test
  void rejectsCsvWithMissingLabelColumn() throws IOException {
    CsvTable table = csv("a,b\n1,2\n");

    assertThatThrownBy(() -> LabeledData.from(table, "species"))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("label column 'species' is not in the header [a, b]");
  }

  @Test
  void rejectsNonNumericFeatureNamingFileLineAndColumn() throws IOException {
    CsvTable table = csv("a,species\n1,x\ntwo,y\n");

    assertThatThrownBy(() -> LabeledData.from(table, "species"))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("data.csv:3")
        .hasMessageContaining("column 'a' holds 'two'");
  }

  @Test
  void rejectsHeaderWithoutRows() throws IOException {
    CsvTable table = csv("a,species\n");

    assertThatThrownBy(() -> LabeledData.from(table, "species")).hasMessageContaining("no rows");
  }

  @Test
  void rejectsMissingFeatureColumnAndEmptyLabel() throws IOException {
    assertThatThrownBy(
            () -> LabeledData.from(csv("a,species\n1,x\n"), "species", List.of("a", "z")))
        .hasMessageContaining("feature column(s) [z]");
    assertThatThrownBy(() -> LabeledData.from(csv("a,species\n1, \n"), "species"))
        .hasMessageContaining("data.csv:2: the label column 'species' is empty");
  }

  private CsvTable csv(String text) throws IOException {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, text);
    return CsvFormat.read(file);
  }
}
