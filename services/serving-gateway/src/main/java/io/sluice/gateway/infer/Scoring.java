package io.sluice.gateway.infer;

import ai.onnxruntime.OrtException;
import io.quarkus.arc.ClientProxy;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.OutputTensor;
import io.sluice.gateway.inference.Prediction;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.prediction.PredictionLog;
import io.sluice.gateway.protocol.FeatureBatch;
import io.sluice.gateway.protocol.InferRequest;
import io.sluice.gateway.protocol.InferRequestParser;
import io.sluice.gateway.protocol.InferResponseWriter;
import io.sluice.gateway.protocol.RandomIds;
import io.sluice.gateway.protocol.TensorBatch;
import io.sluice.gateway.protocol.V2Exception;
import io.sluice.gateway.routing.ShadowMirror;
import io.sluice.gateway.routing.VersionCounters;
import io.sluice.gateway.routing.VersionCounters.Outcome;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Scores one inference request with the version chosen for it, on whatever thread the dispatcher
 * picked: request bytes to arrays to ONNX Runtime to response bytes, without a JSON tree or a lock.
 * Records the outcome and latency for the version that answered (the rollout's measurements),
 * mirrors the request to a shadow candidate, and offers the pair to the prediction log.
 */
@Singleton
public class Scoring {

  private static final Logger LOG = Logger.getLogger(Scoring.class);
  private static final List<String> OUTPUTS = List.of(ServedModel.LABEL, ServedModel.PROBABILITIES);

  private final ModelRouter router;
  private final VersionCounters measurements;
  private final ShadowMirror shadow;
  private final PredictionLog predictions;
  // The instance behind the client proxy, once known: the proxy looks it up on every call.
  private PredictionLog predictionLog;
  private final int maxBatchSize;

  public Scoring(
      ModelRouter router,
      VersionCounters measurements,
      ShadowMirror shadow,
      PredictionLog predictions,
      GatewayConfig config) {
    this.router = router;
    this.measurements = measurements;
    this.shadow = shadow;
    this.predictions = predictions;
    this.maxBatchSize = config.maxBatchSize();
  }

  /**
   * The answer's bytes; records the outcome and the latency since {@code start} either way.
   *
   * @throws V2Exception for a request the model refuses (4xx) or fails to score (500)
   */
  public byte[] measured(String name, ServedModel model, byte[] body, long start) {
    Outcome outcome = Outcome.ERROR;
    try {
      byte[] answer = score(name, model, body);
      outcome = Outcome.OK;
      predictionLog().offer(name, model.versionNumber(), body, answer, System.nanoTime() - start);
      return answer;
    } catch (V2Exception e) {
      outcome = e.status() < 500 ? Outcome.REFUSED : Outcome.ERROR;
      throw e;
    } finally {
      measurements.record(name, model.versionNumber(), outcome, System.nanoTime() - start);
    }
  }

  // Unwrapped on first use, not in the constructor: the log must not be created before Reactive
  // Messaging connects its channel. Threads that race here all store the same instance.
  private PredictionLog predictionLog() {
    PredictionLog log = predictionLog;
    if (log == null) {
      log = ClientProxy.unwrap(predictions);
      predictionLog = log;
    }
    return log;
  }

  private byte[] score(String name, ServedModel model, byte[] body) {
    InferRequest request = parse(model, body);
    String id = request.id() != null ? request.id() : RandomIds.uuid();
    return model.isClassifier()
        ? classify(name, model, body, request, id)
        : scoreTensors(name, model, request, id);
  }

  private byte[] classify(
      String name, ServedModel model, byte[] body, InferRequest request, String id) {
    FeatureBatch batch = batch(model, request);
    Prediction prediction;
    try {
      prediction = model.predict(batch.data(), batch.rows());
    } catch (OrtException e) {
      throw scoringFailed(model, batch.rows(), e);
    }
    mirror(name, model, body, prediction);
    return InferResponseWriter.write(
        name,
        model.versionNumber(),
        id,
        batch.outputs(),
        model.version().signature().classNames(),
        prediction);
  }

  private InferRequest parse(ServedModel model, byte[] body) {
    return new InferRequestParser(model.maxValuesPerInput(maxBatchSize)).parse(body);
  }

  private FeatureBatch batch(ServedModel model, InferRequest request) {
    return FeatureBatch.of(request, model.inputName(), model.featureCount(), maxBatchSize, OUTPUTS);
  }

  /** Under shadow, copies the request to the candidate; the answer never waits for the copy. */
  private void mirror(String name, ServedModel answering, byte[] body, Prediction prediction) {
    ServedModel candidate = router.acquireShadow(name, answering);
    if (candidate != null) {
      shadow.mirror(name, candidate, body, prediction.labels(), this::shadowLabels);
    }
  }

  // Parsed again for the candidate: its signature may differ from the stable version's. Shadow
  // compares the labels of classifiers; a candidate that is not one has no labels to compare.
  private String[] shadowLabels(ServedModel candidate, byte[] body) throws OrtException {
    FeatureBatch batch = batch(candidate, parse(candidate, body));
    return candidate.predict(batch.data(), batch.rows()).labels();
  }

  /** A model with its own named inputs and outputs (not a reference classifier). */
  private byte[] scoreTensors(String name, ServedModel model, InferRequest request, String id) {
    TensorBatch batch = TensorBatch.of(request, model.inputs(), maxBatchSize, model.outputNames());
    List<OutputTensor> outputs;
    try {
      outputs = model.run(batch.inputs(), batch.outputs());
    } catch (OrtException e) {
      throw scoringFailed(model, batch.rows(), e);
    }
    return InferResponseWriter.write(name, model.versionNumber(), id, outputs);
  }

  private static V2Exception scoringFailed(ServedModel model, int rows, OrtException e) {
    LOG.errorf("%s failed to score a batch of %d: %s", model.version(), rows, e.getMessage());
    return new V2Exception(500, "the model failed to score the batch");
  }
}
