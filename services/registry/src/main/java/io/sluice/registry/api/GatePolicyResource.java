package io.sluice.registry.api;

import io.sluice.eventing.SqlWork;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.GateRule;
import io.sluice.registry.config.RegistryConfig;
import io.sluice.registry.policy.MinimumPolicy;
import io.sluice.registry.policy.PolicyStore;
import io.sluice.registry.version.VersionStore;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.io.InputStream;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A model's minimum gate policy: the rules the registry applies to every candidate of the model on
 * top of its pipeline's gate. Anyone who may read models may read it; only an approver sets it, and
 * every change is kept as a revision with the approver's subject.
 */
@Path("/api/v1/models/{name}/gate-policy")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class GatePolicyResource {

  private static final Logger LOG = Logger.getLogger(GatePolicyResource.class);

  private final Transactor transactor;
  private final PolicyStore policies;
  private final VersionStore versions;
  private final Caller caller;
  private final RegistryConfig.Paging paging;

  GatePolicyResource(
      Transactor transactor,
      PolicyStore policies,
      VersionStore versions,
      Caller caller,
      RegistryConfig config) {
    this.transactor = transactor;
    this.policies = policies;
    this.versions = versions;
    this.caller = caller;
    this.paging = config.paging();
  }

  /** One page of a policy's revisions, oldest first; {@code next} is the next page's after. */
  public record RevisionPage(List<MinimumPolicy> items, Integer next) {}

  /** The policy in effect: its latest revision; 404 when none was ever set. */
  @GET
  @RolesAllowed(Roles.VIEWER)
  public MinimumPolicy current(@PathParam("name") String name) {
    String model = PathInput.modelName(name);
    return inTransaction(c -> policies.current(c, model))
        .orElseThrow(() -> new ProblemException(Status.NOT_FOUND, model + " has no gate policy"));
  }

  /**
   * Sets the policy as a new revision, recording the caller's subject. The model need not have a
   * version yet: a policy can be in place before the first candidate arrives.
   */
  @PUT
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.APPLICATION_JSON)
  public MinimumPolicy set(@PathParam("name") String name, InputStream body) {
    String model = PathInput.modelName(name);
    List<GateRule> rules = GatePolicyRequest.rules(body);
    String subject = caller.subject();
    MinimumPolicy stored =
        inTransaction(
            c -> {
              // The model's row lock orders this change with the model's registrations.
              versions.lockModel(c, model);
              return policies.add(c, model, rules, subject);
            });
    LOG.infof(
        "gate policy of model=%s is revision=%d, set by subject=%s, rules=%s",
        model, stored.revision(), subject, rules);
    return stored;
  }

  /** Every revision, who set it and when, oldest first; empty when none was ever set. */
  @GET
  @Path("/history")
  @RolesAllowed(Roles.VIEWER)
  public RevisionPage history(
      @PathParam("name") String name,
      @QueryParam("after") String after,
      @QueryParam("limit") String limit) {
    String model = PathInput.modelName(name);
    int cursor = after == null ? 0 : PathInput.version(after, "after");
    int size = PathInput.limit(limit, paging.defaultLimit(), paging.maxLimit());
    List<MinimumPolicy> rows = inTransaction(c -> policies.history(c, model, cursor, size + 1));
    List<MinimumPolicy> items = rows.stream().limit(size).toList();
    Integer next = rows.size() > size ? items.get(size - 1).revision() : null;
    return new RevisionPage(items, next);
  }

  /** Runs a transaction; a refusal raised inside it reaches the client as itself. */
  private <T> T inTransaction(SqlWork<T> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw e;
    }
  }
}
