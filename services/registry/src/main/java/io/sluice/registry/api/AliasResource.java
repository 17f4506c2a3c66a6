package io.sluice.registry.api;

import io.sluice.registry.alias.AliasCommands;
import io.sluice.registry.alias.AliasHistory;
import io.sluice.registry.alias.AliasMove;
import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.alias.AliasTarget;
import io.sluice.registry.alias.MoveCause;
import io.sluice.registry.config.RegistryConfig;
import io.sluice.registry.version.VersionQueries;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.Set;

/**
 * A model's aliases: where each points, its history (who moved it, when and why), and the moves of
 * a person's own aliases. {@code champion} and {@code challenger} are read here but moved only by
 * the serving gateway's events.
 */
@Path("/api/v1/models/{name}/aliases")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AliasResource {

  private static final String MOVE_SHAPE = "{\"version\": 3, \"reason\": \"...\"}";

  private final VersionQueries versions;
  private final ModelReads reads;
  private final AliasStore aliases;
  private final AliasHistory history;
  private final AliasCommands commands;
  private final Caller caller;
  private final RegistryConfig.Paging paging;

  AliasResource(
      VersionQueries versions,
      ModelReads reads,
      AliasStore aliases,
      AliasHistory history,
      AliasCommands commands,
      Caller caller,
      RegistryConfig config) {
    this.versions = versions;
    this.reads = reads;
    this.aliases = aliases;
    this.history = history;
    this.commands = commands;
    this.caller = caller;
    this.paging = config.paging();
  }

  /** Every alias of the model. */
  public record AliasList(List<AliasTarget> items) {}

  /** One page of an alias's moves, oldest first; {@code next} is the next page's after. */
  public record HistoryPage(List<AliasMove> items, Long next) {}

  @GET
  @RolesAllowed(Roles.VIEWER)
  public AliasList all(@PathParam("name") String name) {
    String model = PathInput.modelName(name);
    return reads.read(
        c -> {
          reads.requireModel(c, model);
          return new AliasList(aliases.all(c, model));
        });
  }

  @GET
  @Path("/{alias}")
  @RolesAllowed(Roles.VIEWER)
  public AliasTarget alias(@PathParam("name") String name, @PathParam("alias") String alias) {
    String model = PathInput.modelName(name);
    String aliasName = PathInput.alias(alias);
    return reads.read(
        c -> {
          reads.requireModel(c, model);
          return aliases
              .find(c, model, aliasName)
              .orElseThrow(() -> notFound(model + " has no alias " + aliasName));
        });
  }

  /** Points one of the model's own aliases at a version, with the caller's reason. */
  @PUT
  @Path("/{alias}")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public AliasTarget point(
      @PathParam("name") String name, @PathParam("alias") String alias, InputStream body) {
    String model = PathInput.modelName(name);
    String aliasName = PathInput.alias(alias);
    var request = RequestBody.object(body, Set.of("version", "reason"), MOVE_SHAPE);
    Integer version = RequestBody.version(request, "version");
    if (version == null) {
      throw new ProblemException(Status.BAD_REQUEST, "version is required, e.g. " + MOVE_SHAPE);
    }
    MoveCause cause = MoveCause.byPerson(caller.subject(), RequestBody.reason(request));
    return commands.point(model, aliasName, version, cause);
  }

  /** Removes one of the model's own aliases, with the caller's reason. */
  @DELETE
  @Path("/{alias}")
  @RolesAllowed(Roles.APPROVER)
  @Consumes(MediaType.WILDCARD)
  public AliasMove remove(
      @PathParam("name") String name, @PathParam("alias") String alias, InputStream body) {
    String model = PathInput.modelName(name);
    String aliasName = PathInput.alias(alias);
    var request = RequestBody.object(body, Set.of("reason"), "{\"reason\": \"...\"}");
    MoveCause cause = MoveCause.byPerson(caller.subject(), RequestBody.reason(request));
    return commands.remove(model, aliasName, cause);
  }

  /** Every move of the alias, oldest first; empty when it never pointed anywhere. */
  @GET
  @Path("/{alias}/history")
  @RolesAllowed(Roles.VIEWER)
  public HistoryPage history(
      @PathParam("name") String name,
      @PathParam("alias") String alias,
      @QueryParam("after") String after,
      @QueryParam("limit") String limit) {
    String model = PathInput.modelName(name);
    String aliasName = PathInput.alias(alias);
    long cursor = after == null ? 0 : PathInput.version(after, "after");
    int size = PathInput.limit(limit, paging.defaultLimit(), paging.maxLimit());
    List<AliasMove> rows =
        reads.read(
            c -> {
              reads.requireModel(c, model);
              return history.page(c, model, aliasName, cursor, size + 1);
            });
    List<AliasMove> items = rows.stream().limit(size).toList();
    Long next = rows.size() > size ? items.get(size - 1).id() : null;
    return new HistoryPage(items, next);
  }

  private static ProblemException notFound(String detail) {
    return new ProblemException(Status.NOT_FOUND, detail);
  }
}
