package io.sluice.gateway.api;

import ai.onnxruntime.OrtException;
import io.quarkus.security.PermissionsAllowed;
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
import io.sluice.gateway.protocol.ModelMetadata;
import io.sluice.gateway.protocol.TensorBatch;
import io.sluice.gateway.protocol.V2Exception;
import io.sluice.gateway.routing.ShadowMirror;
import io.sluice.gateway.routing.VersionCounters;
import io.sluice.gateway.routing.VersionCounters.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The V2 endpoints of one model: metadata, readiness and {@code POST
 * /v2/models/{name}[/versions/{version}]/infer}, the hot path. Metadata and readiness answer on the
 * I/O thread; inference runs on the worker pool ({@code @Blocking}), because a model that computes
 * for 50 ms would otherwise hold every other request of its event loop for as long
 * (SlowModelIsolationIT). It takes no lock, and goes from request bytes to a float array to ONNX
 * Runtime to response bytes without a JSON tree.
 */
@Path("/v2/models/{name}")
@PermissionsAllowed(InferenceAccess.PERMISSION)
public class ModelResource {

  private static final Logger LOG = Logger.getLogger(ModelResource.class);
  private static final List<String> OUTPUTS = List.of(ServedModel.LABEL, ServedModel.PROBABILITIES);

  private final ModelRouter router;
  private final VersionChoice versions;
  private final VersionCounters measurements;
  private final ShadowMirror shadow;
  private final PredictionLog predictions;
  private final int maxBatchSize;

  public ModelResource(
      ModelRouter router,
      VersionChoice versions,
      VersionCounters measurements,
      ShadowMirror shadow,
      PredictionLog predictions,
      GatewayConfig config) {
    this.router = router;
    this.versions = versions;
    this.measurements = measurements;
    this.shadow = shadow;
    this.predictions = predictions;
    this.maxBatchSize = config.maxBatchSize();
  }

  /** V2 model metadata, including feature and class names. */
  @GET
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public ModelMetadata metadata(@PathParam("name") String name) {
    return metadataOf(name, null);
  }

  /** The metadata of one version; 404 unless that version serves here. */
  @GET
  @Path("/versions/{version}")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public ModelMetadata versionMetadata(
      @PathParam("name") String name, @PathParam("version") String version) {
    return metadataOf(name, version);
  }

  @GET
  @Path("/ready")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> ready(@PathParam("name") String name) {
    return readiness(name, null);
  }

  /** Whether one version is ready; 404 unless that version serves here. */
  @GET
  @Path("/versions/{version}/ready")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> versionReady(
      @PathParam("name") String name, @PathParam("version") String version) {
    return readiness(name, version);
  }

  private ModelMetadata metadataOf(String name, String version) {
    ServedModel model = served(name, version);
    try {
      return ModelMetadata.of(model);
    } finally {
      model.release();
    }
  }

  private Map<String, Object> readiness(String name, String version) {
    ServedModel model = served(name, version);
    try {
      return Map.of(
          "name", name, "ready", true, "version", Integer.toString(model.versionNumber()));
    } finally {
      model.release();
    }
  }

  /**
   * The stable version of a model, or the given one (null: the stable one; the candidate in rollout
   * may be named too), acquired for the caller.
   */
  private ServedModel served(String name, String version) {
    if (version != null) {
      return versions.pinnedVersion(name, version);
    }
    ServedModel model = router.acquire(name);
    if (model == null) {
      throw V2Exception.notFound("model '" + Names.shown(name) + "' is not served here");
    }
    return model;
  }

  @POST
  @Path("/infer")
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] infer(
      @PathParam("name") String name,
      byte[] body,
      @Context HttpServerRequest request,
      @Context HttpServerResponse response) {
    return inferWith(name, null, body, request, response);
  }

  @POST
  @Path("/versions/{version}/infer")
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] inferVersion(
      @PathParam("name") String name,
      @PathParam("version") String version,
      byte[] body,
      @Context HttpServerRequest request,
      @Context HttpServerResponse response) {
    return inferWith(name, version, body, request, response);
  }

  private byte[] inferWith(
      String name,
      String version,
      byte[] body,
      HttpServerRequest request,
      HttpServerResponse response) {
    long start = System.nanoTime();
    ServedModel model = versions.acquire(name, version, request);
    try {
      response.putHeader(VersionChoice.VERSION_HEADER, Integer.toString(model.versionNumber()));
      return measured(name, model, body == null ? new byte[0] : body, start);
    } finally {
      model.release();
    }
  }

  /** Scores and records the outcome and latency for the version that answered. */
  private byte[] measured(String name, ServedModel model, byte[] body, long start) {
    Outcome outcome = Outcome.ERROR;
    try {
      byte[] answer = score(name, model, body);
      outcome = Outcome.OK;
      predictions.offer(name, model.versionNumber(), body, answer, System.nanoTime() - start);
      return answer;
    } catch (V2Exception e) {
      outcome = e.status() < 500 ? Outcome.REFUSED : Outcome.ERROR;
      throw e;
    } finally {
      measurements.record(name, model.versionNumber(), outcome, System.nanoTime() - start);
    }
  }

  private byte[] score(String name, ServedModel model, byte[] body) {
    InferRequest request = parse(model, body);
    String id = request.id() != null ? request.id() : randomId();
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

  // Not UUID.randomUUID(): its SecureRandom is shared by all threads and would be a lock.
  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
