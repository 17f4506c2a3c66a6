package io.sluice.gateway.api;

import io.sluice.events.ManualDecision;
import io.sluice.gateway.rollout.Rollout;
import io.sluice.gateway.rollout.RolloutControl;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Rollouts in flight, and what a person may do to one: pause, resume, abort, promote now. Each
 * action takes an optional {@code {"reason": "..."}} and records the caller's subject. 404 when the
 * model has no rollout (for an action: none in flight), 409 when its state does not allow the
 * action. A model's rollout that ended is still answered by {@code GET /{model}}, with its outcome.
 */
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class RolloutResource {

  /** Model names as the registry allows them, with room; anything longer is refused. */
  static final int MAX_MODEL_CHARS = 200;

  private final RolloutControl control;
  private final Caller caller;

  public RolloutResource(RolloutControl control, Caller caller) {
    this.control = control;
    this.caller = caller;
  }

  /** An action's answer: what it did to which versions. */
  public record Action(String model, int candidateVersion, Integer stableVersion, String action) {}

  /** One page holding every rollout in flight (one per model at most). */
  public record RolloutList(List<RolloutView> items) {}

  @GET
  public RolloutList list() {
    return new RolloutList(control.all().stream().map(RolloutView::of).toList());
  }

  /**
   * The model's rollout in flight, or else its last one that ended (with {@code outcome}); 404 for
   * a model that never had one.
   */
  @GET
  @Path("/{model}")
  public Object get(@PathParam("model") String model) {
    String name = checked(model);
    Optional<RolloutView> inFlight = control.find(name).map(RolloutView::of);
    if (inFlight.isPresent()) {
      return inFlight.get();
    }
    return control.lastEnded(name).map(EndedRolloutView::of).orElseThrow(() -> notFound(model));
  }

  @POST
  @Path("/{model}/pause")
  @RolesAllowed(Roles.APPROVER)
  public RolloutView pause(@PathParam("model") String model, InputStream body) {
    return RolloutView.of(act(model, body, "paused by hand", control::pause));
  }

  @POST
  @Path("/{model}/resume")
  @RolesAllowed(Roles.APPROVER)
  public RolloutView resume(@PathParam("model") String model, InputStream body) {
    return RolloutView.of(act(model, body, "resumed by hand", control::resume));
  }

  @POST
  @Path("/{model}/abort")
  @RolesAllowed(Roles.APPROVER)
  public Action abort(@PathParam("model") String model, InputStream body) {
    Rollout aborted = act(model, body, "aborted by hand", control::abort);
    return new Action(
        aborted.model(), aborted.candidateVersion(), aborted.stableVersion(), "rolled_back");
  }

  @POST
  @Path("/{model}/promote")
  @RolesAllowed(Roles.APPROVER)
  public Action promote(@PathParam("model") String model, InputStream body) {
    Rollout promoted = act(model, body, "promoted by hand", control::promote);
    return new Action(
        promoted.model(), promoted.candidateVersion(), promoted.stableVersion(), "promoted");
  }

  private Rollout act(
      String model,
      InputStream body,
      String defaultReason,
      BiFunction<String, ManualDecision, Rollout> action) {
    String name = checked(model);
    String reason = ReasonBody.reason(body, defaultReason);
    return action.apply(name, new ManualDecision(caller.subject(), reason));
  }

  private static String checked(String model) {
    if (model.isBlank()
        || model.length() > MAX_MODEL_CHARS
        || model.chars().anyMatch(Character::isISOControl)) {
      throw new RolloutProblem.Refusal(
          Response.Status.BAD_REQUEST,
          "a model name is 1 to " + MAX_MODEL_CHARS + " characters without control characters");
    }
    return model;
  }

  private static RolloutProblem.Refusal notFound(String model) {
    return new RolloutProblem.Refusal(
        Response.Status.NOT_FOUND, "no rollout of " + Names.shown(model));
  }

  @ServerExceptionMapper
  public Response refusal(RolloutProblem.Refusal e) {
    return e.problem().toResponse();
  }

  @ServerExceptionMapper
  public Response refused(RolloutControl.Refused e) {
    Response.Status status =
        e.why() == RolloutControl.Refused.Why.NOT_FOUND
            ? Response.Status.NOT_FOUND
            : Response.Status.CONFLICT;
    return RolloutProblem.of(status, Names.shown(e.getMessage())).toResponse();
  }
}
