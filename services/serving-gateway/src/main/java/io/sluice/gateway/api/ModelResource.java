package io.sluice.gateway.api;

import io.quarkus.security.PermissionsAllowed;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.protocol.ModelMetadata;
import io.sluice.gateway.protocol.V2Exception;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The V2 metadata and readiness endpoints of one model, answered on the I/O thread. Inference,
 * {@code POST /v2/models/{name}[/versions/{version}]/infer}, is not here: it is a plain Vert.x
 * route ({@link io.sluice.gateway.infer.InferenceRoute}), documented in {@code
 * META-INF/openapi.yaml}.
 */
@Path("/v2/models/{name}")
@PermissionsAllowed(InferenceAccess.PERMISSION)
public class ModelResource {

  private final ModelRouter router;
  private final VersionChoice versions;

  public ModelResource(ModelRouter router, VersionChoice versions) {
    this.router = router;
    this.versions = versions;
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
}
