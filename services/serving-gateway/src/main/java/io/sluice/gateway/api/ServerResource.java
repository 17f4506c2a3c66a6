package io.sluice.gateway.api;

import io.sluice.gateway.serving.ServingState;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The V2 server endpoints: server metadata, liveness, readiness. Open to anyone, as probes and load
 * balancers call them without a token; they say nothing about models.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ServerResource {

  /** The name and protocol version reported by {@code GET /v2}. */
  public static final String SERVER_NAME = "sluice-serving-gateway";

  private final ServingState state;

  public ServerResource(ServingState state) {
    this.state = state;
  }

  /** Server metadata. */
  @GET
  @NonBlocking
  public Map<String, Object> server() {
    return Map.of("name", SERVER_NAME, "version", "2", "extensions", List.of());
  }

  @GET
  @Path("/health/live")
  @NonBlocking
  public Map<String, Boolean> live() {
    return Map.of("live", true);
  }

  /** Ready once the recorded versions serve again after a start. */
  @GET
  @Path("/health/ready")
  @NonBlocking
  public Response ready() {
    boolean ready = state.isRecovered();
    return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
  }
}
