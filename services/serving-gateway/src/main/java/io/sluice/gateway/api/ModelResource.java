package io.sluice.gateway.api;

import ai.onnxruntime.OrtException;
import io.quarkus.security.PermissionsAllowed;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.OutputTensor;
import io.sluice.gateway.inference.Prediction;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.protocol.FeatureBatch;
import io.sluice.gateway.protocol.InferRequest;
import io.sluice.gateway.protocol.InferRequestParser;
import io.sluice.gateway.protocol.InferResponseWriter;
import io.sluice.gateway.protocol.ModelMetadata;
import io.sluice.gateway.protocol.TensorBatch;
import io.sluice.gateway.protocol.V2Exception;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The V2 endpoints of one model: metadata, readiness and {@code POST
 * /v2/models/{name}[/versions/{version}]/infer}, the hot path. It runs on the I/O thread (scoring a
 * batch takes microseconds), takes no lock, and goes from request bytes to a float array to ONNX
 * Runtime to response bytes without a JSON tree.
 */
@Path("/v2/models/{name}")
@PermissionsAllowed(InferenceAccess.PERMISSION)
public class ModelResource {

  private static final Logger LOG = Logger.getLogger(ModelResource.class);
  private static final List<String> OUTPUTS = List.of(ServedModel.LABEL, ServedModel.PROBABILITIES);

  private final ModelRouter router;
  private final int maxBatchSize;

  public ModelResource(ModelRouter router, GatewayConfig config) {
    this.router = router;
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
      return ModelMetadata.of(model.version());
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

  /** The serving version of a model, or the given one (null: any), acquired for the caller. */
  private ServedModel served(String name, String version) {
    ServedModel model = router.acquire(name);
    if (model == null) {
      throw V2Exception.notFound("model '" + Names.shown(name) + "' is not served here");
    }
    if (version != null && !version.equals(Integer.toString(model.versionNumber()))) {
      model.release();
      throw V2Exception.notFound(
          "model '"
              + Names.shown(name)
              + "' serves version "
              + model.versionNumber()
              + ", not '"
              + Names.shown(version)
              + "'");
    }
    return model;
  }

  @POST
  @Path("/infer")
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] infer(@PathParam("name") String name, byte[] body) {
    return inferWith(name, null, body);
  }

  @POST
  @Path("/versions/{version}/infer")
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] inferVersion(
      @PathParam("name") String name, @PathParam("version") String version, byte[] body) {
    return inferWith(name, version, body);
  }

  private byte[] inferWith(String name, String version, byte[] body) {
    ServedModel model = served(name, version);
    try {
      return score(name, model, body == null ? new byte[0] : body);
    } finally {
      model.release();
    }
  }

  private byte[] score(String name, ServedModel model, byte[] body) {
    InferRequest request =
        new InferRequestParser(model.maxValuesPerInput(maxBatchSize)).parse(body);
    String id = request.id() != null ? request.id() : randomId();
    return model.isClassifier()
        ? classify(name, model, request, id)
        : scoreTensors(name, model, request, id);
  }

  private byte[] classify(String name, ServedModel model, InferRequest request, String id) {
    FeatureBatch batch =
        FeatureBatch.of(request, model.inputName(), model.featureCount(), maxBatchSize, OUTPUTS);
    Prediction prediction;
    try {
      prediction = model.predict(batch.data(), batch.rows());
    } catch (OrtException e) {
      throw scoringFailed(model, batch.rows(), e);
    }
    return InferResponseWriter.write(
        name,
        model.versionNumber(),
        id,
        batch.outputs(),
        model.version().signature().classNames(),
        prediction);
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
