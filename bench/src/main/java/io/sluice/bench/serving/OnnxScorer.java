package io.sluice.bench.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * One ONNX Runtime session over a {@code model.onnx} with a {@code label} and a {@code
 * probabilities} output, opened with the gateway's session options (all graph optimisations, one
 * intra-op thread), so that the two servers run the model the same way.
 */
final class OnnxScorer implements AutoCloseable {

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;

  private OnnxScorer(OrtEnvironment environment, OrtSession session, String inputName) {
    this.environment = environment;
    this.session = session;
    this.inputName = inputName;
  }

  /** Opens the model; its first input is the one the requests feed. */
  static OnnxScorer open(Path model) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    environment.setTelemetry(false);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = environment.createSession(model.toString(), options);
      return new OnnxScorer(environment, session, session.getInputNames().iterator().next());
    }
  }

  /** Scores {@code rows} rows of {@code features} values each, row-major. */
  Scores score(float[] data, int rows, int features) throws OrtException {
    long[] shape = {rows, features};
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                environment, FloatBuffer.wrap(data, 0, rows * features), shape);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      String[] labels = (String[]) result.get("label").orElseThrow().getValue();
      FloatBuffer buffer =
          ((OnnxTensor) result.get("probabilities").orElseThrow()).getFloatBuffer();
      float[] probabilities = new float[buffer.remaining()];
      buffer.get(probabilities);
      return new Scores(labels, probabilities, rows);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /**
   * What the model answered for a batch.
   *
   * @param probabilities {@code rows * classes} values, row-major
   */
  record Scores(String[] labels, float[] probabilities, int rows) {

    int classes() {
      return probabilities.length / rows;
    }
  }
}
