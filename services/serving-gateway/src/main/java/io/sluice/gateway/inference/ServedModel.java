package io.sluice.gateway.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.protocol.ModelInput;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A loaded, warmed-up model version with its ONNX Runtime session.
 *
 * <p>Requests hold a reference while they score ({@link #tryAcquire()} / {@link #release()}), and
 * the router holds one while the version is current. {@link #retire()} drops the router's
 * reference; whoever drops the last one closes the session, so a replaced version finishes its
 * in-flight requests first. All of it is lock-free: a counter that never rises again once it
 * reached zero.
 */
public final class ServedModel {

  /** The public output holding the predicted class names. */
  public static final String LABEL = "label";

  /** The public output holding the class probabilities. */
  public static final String PROBABILITIES = "probabilities";

  private static final Logger LOG = Logger.getLogger(ServedModel.class);

  // Caps one input's values for a model with variable sizes besides the batch (about 32 MiB).
  private static final long MAX_VALUES_PER_INPUT = 1L << 22;

  private final ModelVersion version;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;
  private final int featureCount;
  private final int classCount;
  private final ExecutionProvider executionProvider;
  private final Instant loadedAt = Instant.now();
  private final AtomicInteger references = new AtomicInteger(1);
  private final AtomicBoolean retired = new AtomicBoolean();
  private volatile Runnable afterClose = () -> {};
  private volatile ScoringCost cost;

  ServedModel(
      ModelVersion version,
      OrtEnvironment environment,
      OrtSession session,
      String inputName,
      int featureCount,
      int classCount,
      ExecutionProvider executionProvider) {
    this.version = version;
    this.environment = environment;
    this.session = session;
    this.inputName = inputName;
    this.featureCount = featureCount;
    this.classCount = classCount;
    this.executionProvider = executionProvider;
  }

  /**
   * Scores {@code rows} rows of {@link #featureCount()} features each, row-major.
   *
   * @throws OrtException when ONNX Runtime fails
   */
  public Prediction predict(float[] features, int rows) throws OrtException {
    long[] shape = {rows, featureCount};
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                environment, FloatBuffer.wrap(features, 0, rows * featureCount), shape);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      String[] labels = (String[]) output(result, LABEL).getValue();
      FloatBuffer scores = ((OnnxTensor) output(result, PROBABILITIES)).getFloatBuffer();
      float[] probabilities = new float[scores.remaining()];
      scores.get(probabilities);
      return new Prediction(labels, probabilities, rows, classCount);
    }
  }

  /**
   * Scores a model with any named inputs (see {@link #isClassifier()}) and returns the asked
   * outputs as the model gave them.
   *
   * @param inputs checked and converted to the model's datatypes
   * @param outputs the output names to return, in order
   * @throws OrtException when ONNX Runtime fails
   */
  public List<OutputTensor> run(List<ModelInput> inputs, List<String> outputs) throws OrtException {
    Map<String, OnnxTensor> tensors = new HashMap<>();
    try {
      for (ModelInput input : inputs) {
        tensors.put(input.name(), Tensors.create(environment, input));
      }
      try (OrtSession.Result result = session.run(tensors, new LinkedHashSet<>(outputs))) {
        List<OutputTensor> answer = new ArrayList<>(outputs.size());
        for (String name : outputs) {
          if (!(output(result, name) instanceof OnnxTensor tensor)) {
            throw new OrtException("output '" + name + "' is not a tensor");
          }
          answer.add(Tensors.read(name, tensor));
        }
        return answer;
      }
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * True for a reference classifier (one FP32 {@code features} input, {@code label} and {@code
   * probabilities} outputs), scored by {@link #predict}; any other model is scored by {@link #run}.
   */
  public boolean isClassifier() {
    return inputName != null;
  }

  /** The model's inputs, in the signature's order. */
  public List<TensorSpec> inputs() {
    return version.signature().inputs();
  }

  /** The model's output names, in the signature's order. */
  public List<String> outputNames() {
    return version.signature().outputs().stream().map(TensorSpec::name).toList();
  }

  /** The most values one input of a request may hold, for a batch of at most {@code maxRows}. */
  public int maxValuesPerInput(int maxRows) {
    if (isClassifier()) {
      return maxRows * featureCount;
    }
    long most = 1;
    for (TensorSpec input : inputs()) {
      long size = 1;
      for (long dimension : input.shape()) {
        size = Math.min(size * (dimension < 0 ? maxRows : dimension), MAX_VALUES_PER_INPUT);
      }
      most = Math.max(most, size);
    }
    return (int) most;
  }

  private static OnnxValue output(OrtSession.Result result, String name) throws OrtException {
    return result
        .get(name)
        .orElseThrow(() -> new OrtException("the model returned no '" + name + "' output"));
  }

  /** Takes a reference for one request; false once the version was retired and closed. */
  public boolean tryAcquire() {
    for (int current = references.get(); current > 0; current = references.get()) {
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Returns a reference taken by {@link #tryAcquire()}. */
  public void release() {
    if (references.decrementAndGet() == 0) {
      close();
    }
  }

  /** Stops serving: the session closes as soon as the last in-flight request releases it. */
  public void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  /**
   * Stops serving, and runs {@code afterClose} once the session closed, on the thread of the last
   * in-flight request (so it must be quick).
   */
  public void retire(Runnable afterClose) {
    this.afterClose = afterClose;
    retire();
  }

  /** Requests holding this version now (the router's own reference not counted). */
  public int inFlight() {
    int held = references.get();
    return retired.get() ? held : Math.max(0, held - 1);
  }

  /** True once the session was closed. */
  public boolean isClosed() {
    return references.get() == 0;
  }

  private void close() {
    try {
      session.close();
      LOG.infof("closed %s", version);
    } catch (OrtException e) {
      LOG.warnf("closing %s failed: %s", version, e.getMessage());
    }
    afterClose.run();
  }

  public ModelVersion version() {
    return version;
  }

  public String name() {
    return version.name();
  }

  public int versionNumber() {
    return version.version();
  }

  public String inputName() {
    return inputName;
  }

  public int featureCount() {
    return featureCount;
  }

  public int classCount() {
    return classCount;
  }

  /** Where ONNX Runtime runs this version's graph. */
  public ExecutionProvider executionProvider() {
    return executionProvider;
  }

  /** When this replica loaded it. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /**
   * What this version costs to score, made by {@code factory} on first use (the dispatcher's limits
   * are configuration the loader does not know).
   */
  public ScoringCost cost(Supplier<ScoringCost> factory) {
    ScoringCost known = cost;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (cost == null) {
        cost = factory.get();
      }
      return cost;
    }
  }
}
