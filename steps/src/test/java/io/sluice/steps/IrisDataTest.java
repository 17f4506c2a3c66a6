package io.sluice.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.steps.data.CsvFormat;
import io.sluice.steps.data.CsvTable;
import io.sluice.steps.data.LabeledData;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IrisDataTest {

  @Test
  void shippedIrisHasFisherShapeFiftyRowsPerSpecies() {
    CsvTable table = CsvFormat.read(Iris.CSV);
    LabeledData data = LabeledData.from(table, "species");

    assertThat(table.header())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width", "species");
    assertThat(
            data.labels().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
        .isEqualTo(Map.of("setosa", 50L, "versicolor", 50L, "virginica", 50L));
    assertThat(data.features()[0]).containsExactly(5.1, 3.5, 1.4, 0.2);
  }
}
