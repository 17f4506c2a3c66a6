package io.sluice.steps.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.steps.cli.StepFailure;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Scores rows with a packaged model through ONNX Runtime, the runtime the serving gateway uses, so
 * what is measured is exactly what will be served.
 */
public final class OnnxScorer implements AutoCloseable {

  private final OrtEnvironment environment;
  private final OrtSession session;

  private OnnxScorer(OrtEnvironment environment, OrtSession session) {
    this.environment = environment;
    this.session = session;
  }

  /**
   * Loads the model file.
   *
   * @throws StepFailure when ONNX Runtime cannot load it
   */
  public static OnnxScorer open(Path modelFile) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try {
      environment.setTelemetry(false);
      return new OnnxScorer(environment, environment.createSession(modelFile.toString()));
    } catch (OrtException e) {
      throw new StepFailure("ONNX Runtime cannot load " + modelFile + ": " + e.getMessage());
    }
  }

  /**
   * Scores a batch of rows given in the signature's feature order.
   *
   * @throws IllegalStateException when the model lacks the signature's outputs
   */
  public Scores score(double[][] rows) {
    try (OnnxTensor input = OnnxTensor.createTensor(environment, toFloats(rows));
        OrtSession.Result result = session.run(Map.of(Signature.FEATURES, input))) {
      String[] labels = (String[]) output(result, Signature.LABEL);
      float[][] probabilities = (float[][]) output(result, Signature.PROBABILITIES);
      return new Scores(Arrays.asList(labels), probabilities);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to score: " + e.getMessage(), e);
    }
  }

  private static Object output(OrtSession.Result result, String name) throws OrtException {
    return result
        .get(name)
        .orElseThrow(() -> new IllegalStateException("the model has no output '" + name + "'"))
        .getValue();
  }

  private static float[][] toFloats(double[][] rows) {
    float[][] floats = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      floats[r] = new float[rows[r].length];
      for (int c = 0; c < rows[r].length; c++) {
        floats[r][c] = (float) rows[r][c];
      }
    }
    return floats;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session", e);
    }
  }
}
