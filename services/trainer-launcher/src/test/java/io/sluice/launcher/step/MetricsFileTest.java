package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.FailureReason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {

  @TempDir Path dir;

  @Test
  void readsAFlatObjectOfNumbers() throws Exception {
    assertThat(MetricsFile.parse("{\"accuracy\": 0.97, \"rows\": 150, \"loss\": -1.5e-3}"))
        .containsEntry("accuracy", 0.97)
        .containsEntry("rows", 150.0)
        .containsEntry("loss", -0.0015);
  }

  @Test
  void aMissingOrEmptyFileMeansNoMetrics() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "");

    assertThat(MetricsFile.read(dir.resolve("missing.json"))).isEmpty();
    assertThat(MetricsFile.read(empty)).isEmpty();
  }

  @Test
  void rejectsMalformedJson() {
    assertInvalid("{\"accuracy\": 0.9", "not JSON");
  }

  @Test
  void rejectsAMetricNamedTwice() {
    assertInvalid("{\"accuracy\": 0.1, \"accuracy\": 0.99}", "Duplicate field 'accuracy'");
  }

  @Test
  void rejectsANonObject() {
    assertInvalid("[1, 2]", "not a JSON object");
  }

  @Test
  void rejectsNonNumericValues() {
    assertInvalid("{\"accuracy\": \"0.9\"}", "'accuracy' is not a finite number");
    assertInvalid("{\"nested\": {\"a\": 1}}", "'nested' is not a finite number");
    assertInvalid("{\"flag\": true}", "'flag' is not a finite number");
    assertInvalid("{\"none\": null}", "'none' is not a finite number");
  }

  @Test
  void rejectsNumbersTooLargeForADouble() {
    assertInvalid("{\"huge\": 1e400}", "'huge' is not a finite number");
  }

  @Test
  void rejectsTooManyEntries() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i <= MetricsFile.MAX_ENTRIES; i++) {
      json.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    assertInvalid(json.append("}").toString(), "more than");
  }

  @Test
  void rejectsAnOverlongName() {
    assertInvalid("{\"" + "n".repeat(500) + "\": 1}", "too long");
  }

  @Test
  void rejectsAHugeFileWithoutReadingIt() throws Exception {
    Path huge = Files.writeString(dir.resolve("huge.json"), " ".repeat(200_000) + "{}");

    assertThatThrownBy(() -> MetricsFile.read(huge))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("larger than");
  }

  private static void assertInvalid(String json, String why) {
    assertThatThrownBy(() -> MetricsFile.parse(json))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("invalid metrics file")
        .hasMessageContaining(why)
        .satisfies(
            e -> {
              StepFailure failure = (StepFailure) e;
              assertThat(failure.reason()).isEqualTo(FailureReason.OUTPUT_UPLOAD_FAILED);
              assertThat(failure.retryable()).isFalse();
            });
  }
}
