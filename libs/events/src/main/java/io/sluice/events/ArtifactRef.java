package io.sluice.events;

/**
 * A model file in the artifact store, e.g. {@code s3://artifacts/runs/r1/train/1/model/model.onnx}.
 * Whoever loads it verifies the hash.
 *
 * @param uri where the file is
 * @param sha256 sha256 of its content
 */
public record ArtifactRef(String uri, String sha256) {

  public ArtifactRef {
    Checks.notBlank(uri, "uri");
    Checks.sha256(sha256, "sha256");
  }
}
