package io.sluice.gateway;

import io.sluice.gateway.artifact.ArtifactDownloader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An Iris-shaped model that really computes for about 50 ms per request (a chain of 256x256
 * MatMuls), made by {@code bench/serving/slow_model.py}; same signature as {@link IrisModel}.
 */
public final class SlowModel {

  private SlowModel() {}

  public static byte[] onnx() {
    try (InputStream in = SlowModel.class.getResourceAsStream("/models/slow-matmul/model.onnx")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /models/slow-matmul/model.onnx");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256() {
    return ArtifactDownloader.sha256(onnx());
  }
}
