package io.sluice.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.registry.decision.DecisionAction;
import io.sluice.registry.decision.DecisionRequest;
import io.sluice.registry.decision.Decisions;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Set;

/**
 * A person's decisions on a model: approve or reject a version (confirming or overriding the gate),
 * promote one or roll back to one by hand, archive one. Each needs a reason and is recorded with
 * the caller's subject. An accepted decision is 202 (the gateway acts on its event asynchronously;
 * an archive takes effect at once); a repeated request is 200 with the decision it already made,
 * and emits nothing.
 */
@Path("/api/v1/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DecisionResource {

  private static final String REASON_SHAPE = "{\"reason\": \"...\"}";
  private static final String ROLLBACK_SHAPE = "{\"reason\": \"...\", \"toVersion\": 3}";

  private final Decisions decisions;
  private final Caller caller;

  DecisionResource(Decisions decisions, Caller caller) {
    this.decisions = decisions;
    this.caller = caller;
  }

  @POST
  @Path("/versions/{version}/approve")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public Response approve(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    return onVersion(DecisionAction.APPROVE, name, version, key, body);
  }

  @POST
  @Path("/versions/{version}/reject")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public Response reject(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    return onVersion(DecisionAction.REJECT, name, version, key, body);
  }

  @POST
  @Path("/versions/{version}/promote")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public Response promote(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    return onVersion(DecisionAction.PROMOTE, name, version, key, body);
  }

  @POST
  @Path("/versions/{version}/archive")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public Response archive(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    return onVersion(DecisionAction.ARCHIVE, name, version, key, body);
  }

  /** Serves {@code toVersion}, or else the champion before the current one, with all traffic. */
  @POST
  @Path("/rollback")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public Response rollback(
      @PathParam("name") String name,
      @HeaderParam("Idempotency-Key") String key,
      InputStream body) {
    String model = PathInput.modelName(name);
    String idempotencyKey = RequestBody.idempotencyKey(key);
    JsonNode request = RequestBody.object(body, Set.of("reason", "toVersion"), ROLLBACK_SHAPE);
    Integer toVersion = RequestBody.version(request, "toVersion");
    return decide(
        new DecisionRequest(
            model,
            toVersion,
            DecisionAction.ROLLBACK,
            caller.subject(),
            RequestBody.reason(request),
            idempotencyKey));
  }

  private Response onVersion(
      DecisionAction action, String name, String version, String key, InputStream body) {
    String model = PathInput.modelName(name);
    int number = PathInput.version(version, "version");
    String idempotencyKey = RequestBody.idempotencyKey(key);
    JsonNode request = RequestBody.object(body, Set.of("reason"), REASON_SHAPE);
    return decide(
        new DecisionRequest(
            model, number, action, caller.subject(), RequestBody.reason(request), idempotencyKey));
  }

  private Response decide(DecisionRequest request) {
    Decisions.Outcome outcome = decisions.decide(request);
    Response.Status status = outcome.repeated() ? Response.Status.OK : Response.Status.ACCEPTED;
    return Response.status(status).entity(outcome.decision()).build();
  }
}
