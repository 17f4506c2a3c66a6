package io.sluice.gateway.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArtifactLocationTest {

  @Test
  void readsTheModelFileUriOfTheContract() throws Exception {
    ArtifactLocation location =
        ArtifactLocation.parse("s3://artifacts/runs/r1/train/1/model/model.onnx");

    assertThat(location.bucket()).isEqualTo("artifacts");
    assertThat(location.key()).isEqualTo("runs/r1/train/1/model/model.onnx");
  }

  @Test
  void readsAFolderUriAsItsModelFile() throws Exception {
    assertThat(ArtifactLocation.parse("s3://artifacts/runs/r1/train/1/model/").key())
        .isEqualTo("runs/r1/train/1/model/model.onnx");
  }

  @Test
  void refusesUrisNoStoreCouldHold() {
    for (String uri :
        new String[] {
          "http://artifacts/m.onnx",
          "s3://artifacts",
          "s3://A_B/m.onnx",
          "s3://artifacts/runs/../../etc/passwd",
          "s3://artifacts//m.onnx",
          "s3://artifacts/m\n.onnx",
          "s3://artifacts/" + "k".repeat(2000)
        }) {
      assertThatThrownBy(() -> ArtifactLocation.parse(uri))
          .as(uri)
          .isInstanceOfSatisfying(
              UnusableArtifactException.class, e -> assertThat(e.reason()).isEqualTo("invalid_uri"))
          .hasMessageNotContaining("\n");
    }
  }
}
