package io.sluice.gateway.api;

import ai.onnxruntime.OrtException;
import io.quarkus.security.PermissionsAllowed;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.Prediction;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.protocol.FeatureBatch;
import io.sluice.gateway.protocol.InferRequest;
import io.sluice.gateway.protocol.InferRequestParser;
import io.sluice.gateway.protocol.InferResponseWriter;
import io.sluice.gateway.protocol.ModelMetadata;
import io.sluice.gateway.protocol.V2Exception;
import io.smallrye.common.annotation.Blocking;
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
    ServedModel model = served(name);
    try {
      return ModelMetadata.of(model);
    } finally {
      model.release();
    }
  }

  @GET
  @Path("/ready")
  @NonBlocking
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> ready(@PathParam("name") String name) {
    ServedModel model = served(name);
    try {
      return Map.of(
          "name", name, "ready", true, "version", Integer.toString(model.versionNumber()));
    } finally {
      model.release();
    }
  }

  private ServedModel served(String name) {
    ServedModel model = router.acquire(name);
    if (model == null) {
      throw V2Exception.notFound("model '" + Names.shown(name) + "' is not served here");
    }
    return model;
  }

  @POST
  @Path("/infer")
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] infer(@PathParam("name") String name, byte[] body) {
    return inferWith(name, null, body);
  }

  @POST
  @Path("/versions/{version}/infer")
  @Blocking
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] inferVersion(
      @PathParam("name") String name, @PathParam("version") String version, byte[] body) {
    return inferWith(name, version, body);
  }

  private byte[] inferWith(String name, String version, byte[] body) {
    ServedModel model = served(name);
    try {
      if (version != null && !version.equals(Integer.toString(model.versionNumber()))) {
        throw V2Exception.notFound(
            "model '"
                + name
                + "' serves version "
                + model.versionNumber()
                + ", not '"
                + Names.shown(version)
                + "'");
      }
      return score(name, model, body == null ? new byte[0] : body);
    } finally {
      model.release();
    }
  }

  private byte[] score(String name, ServedModel model, byte[] body) {
    InferRequest request = new InferRequestParser(maxBatchSize * model.featureCount()).parse(body);
    FeatureBatch batch =
        FeatureBatch.of(request, model.inputName(), model.featureCount(), maxBatchSize, OUTPUTS);
    Prediction prediction;
    try {
      prediction = model.predict(batch.data(), batch.rows());
    } catch (OrtException e) {
      LOG.errorf(
          "%s failed to score a batch of %d: %s", model.version(), batch.rows(), e.getMessage());
      throw new V2Exception(500, "the model failed to score the batch");
    }
    String id = request.id() != null ? request.id() : randomId();
    return InferResponseWriter.write(
        name,
        model.versionNumber(),
        id,
        batch.outputs(),
        model.version().signature().classNames(),
        prediction);
  }

  // Not UUID.randomUUID(): its SecureRandom is shared by all threads and would be a lock.
  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
