package io.sluice.gateway.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sluice.events.ModelSignature;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns verified ONNX bytes into a {@link ServedModel}: opens the session, checks that the graph
 * has the signature's input and outputs, and scores a synthetic batch, so a version takes traffic
 * only once it has answered once.
 */
@ApplicationScoped
public class ModelLoader {

  private static final Logger LOG = Logger.getLogger(ModelLoader.class);

  private final OrtEnvironment environment;
  private final int warmupRows;
  private final int intraOpThreads;
  private final GatewayConfig.Onnx onnx;

  public ModelLoader(GatewayConfig config) {
    this.environment = OrtEnvironment.getEnvironment();
    this.warmupRows = config.warmupBatchSize();
    this.intraOpThreads = config.intraOpThreads();
    this.onnx = config.onnx();
    try {
      environment.setTelemetry(false);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot turn ONNX Runtime telemetry off", e);
    }
  }

  /**
   * Loads and warms up one version.
   *
   * @throws UnusableArtifactException when the bytes are no model matching the signature
   */
  public ServedModel load(ModelVersion version, byte[] onnx) throws UnusableArtifactException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      ExecutionProvider provider = configure(version, options);
      return load(version, open(version, onnx, options), provider);
    } catch (OrtException e) {
      throw new UnusableArtifactException(
          "not_loadable", "ONNX Runtime cannot configure " + version + ": " + e.getMessage(), e);
    }
  }

  private ServedModel load(ModelVersion version, OrtSession session, ExecutionProvider provider)
      throws UnusableArtifactException {
    try {
      ServedModel model = describe(version, session, provider);
      warmUp(model);
      return model;
    } catch (UnusableArtifactException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  /**
   * Thread and optimisation settings, and the CUDA provider when configured. A provider that cannot
   * be added leaves the CPU one, which ONNX Runtime always has: a gateway configured for GPUs still
   * serves on a machine without one.
   */
  private ExecutionProvider configure(ModelVersion version, OrtSession.SessionOptions options)
      throws OrtException {
    options.setIntraOpNumThreads(intraOpThreads);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (onnx.executionProvider() != ExecutionProvider.CUDA) {
      return ExecutionProvider.CPU;
    }
    try {
      options.addCUDA(onnx.cudaDevice());
      return ExecutionProvider.CUDA;
    } catch (OrtException | LinkageError e) {
      LOG.warnf(
          "%s is served on the CPU: the CUDA execution provider (device %d) cannot be added: %s",
          version, onnx.cudaDevice(), e.getMessage());
      return ExecutionProvider.CPU;
    }
  }

  private OrtSession open(ModelVersion version, byte[] onnx, OrtSession.SessionOptions options)
      throws UnusableArtifactException {
    try {
      return environment.createSession(onnx, options);
    } catch (OrtException e) {
      throw new UnusableArtifactException(
          "not_loadable", "ONNX Runtime cannot load " + version + ": " + e.getMessage(), e);
    }
  }

  private ServedModel describe(ModelVersion version, OrtSession session, ExecutionProvider provider)
      throws UnusableArtifactException {
    if (!isClassifier(version.signature())) {
      return TensorModels.describe(version, environment, session, provider);
    }
    ModelSignature signature = version.signature();
    TensorSpec input = single(version, signature);
    int features = signature.featureNames().size();
    int classes = signature.classNames().size();
    try {
      requireInput(version, session.getInputInfo(), input.name(), features);
      requireOutput(version, session.getOutputInfo(), ServedModel.LABEL);
      requireOutput(version, session.getOutputInfo(), ServedModel.PROBABILITIES);
    } catch (OrtException e) {
      throw mismatch(version, "its graph cannot be described: " + e.getMessage());
    }
    return new ServedModel(
        version, environment, session, input.name(), features, classes, provider);
  }

  /** A signature with {@code label} and {@code probabilities} outputs is a reference classifier. */
  private static boolean isClassifier(ModelSignature signature) {
    List<String> outputs = signature.outputs().stream().map(TensorSpec::name).toList();
    return outputs.contains(ServedModel.LABEL) && outputs.contains(ServedModel.PROBABILITIES);
  }

  private static TensorSpec single(ModelVersion version, ModelSignature signature)
      throws UnusableArtifactException {
    if (signature.inputs().size() != 1
        || signature.inputs().get(0).datatype() != TensorDatatype.FP32) {
      throw mismatch(version, "the gateway serves models with exactly one FP32 input");
    }
    return signature.inputs().get(0);
  }

  private static void requireInput(
      ModelVersion version, Map<String, NodeInfo> inputs, String name, int features)
      throws UnusableArtifactException {
    NodeInfo info = inputs.get(name);
    if (info == null || !(info.getInfo() instanceof TensorInfo tensor)) {
      throw mismatch(version, "the graph has no tensor input '" + name + "'");
    }
    long[] shape = tensor.getShape();
    if (shape.length != 2 || (shape[1] != features && shape[1] > 0)) {
      throw mismatch(
          version,
          "input '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + ", the signature names "
              + features
              + " features");
    }
  }

  private static void requireOutput(
      ModelVersion version, Map<String, NodeInfo> outputs, String name)
      throws UnusableArtifactException {
    if (!outputs.containsKey(name)) {
      throw mismatch(version, "the graph has no output '" + name + "'");
    }
  }

  private void warmUp(ServedModel model) throws UnusableArtifactException {
    if (!model.isClassifier()) {
      TensorModels.warmUp(model, warmupRows);
      return;
    }
    float[] batch = new float[warmupRows * model.featureCount()];
    Arrays.fill(batch, 1.0f);
    try {
      Prediction prediction = model.predict(batch, warmupRows);
      if (prediction.labels().length != warmupRows
          || prediction.probabilities().length != warmupRows * model.classCount()) {
        throw mismatch(model.version(), "its outputs do not have the signature's shapes");
      }
    } catch (OrtException | ClassCastException e) {
      throw mismatch(model.version(), "warm-up failed: " + e.getMessage());
    }
  }

  static UnusableArtifactException mismatch(ModelVersion version, String why) {
    return new UnusableArtifactException("signature_mismatch", version + ": " + why);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing else to release; the load already failed with the more useful error.
    }
  }
}
