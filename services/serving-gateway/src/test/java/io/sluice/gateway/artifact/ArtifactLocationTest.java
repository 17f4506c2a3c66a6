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
  void decodesAnEncodedKeyExactlyOnce() throws Exception {
    ArtifactLocation location =
        ArtifactLocation.parse("s3://artifacts/runs/r1/p%2541%20q/Caf%C3%A9+1/model.onnx");

    assertThat(location.key()).isEqualTo("runs/r1/p%41 q/Café+1/model.onnx");
    assertThat(location.toString())
        .isEqualTo("s3://artifacts/runs/r1/p%2541%20q/Caf%C3%A9+1/model.onnx");
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
          "s3://artifacts/m%0A.onnx",
          "s3://artifacts/runs/%2E%2E/%2E%2E/etc/passwd",
          "s3://artifacts/bad%zz.onnx",
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
