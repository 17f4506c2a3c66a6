package io.sluice.registry.api;

import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.config.RegistryConfig;
import io.sluice.registry.decision.DecisionStore;
import io.sluice.registry.version.ModelSummary;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionQueries;
import io.sluice.registry.version.VersionSearch;
import io.sluice.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Read-only view of models, their versions and lineage (aliases: {@link AliasResource}). */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class ModelResource {

  private final VersionQueries versions;
  private final ModelReads reads;
  private final AliasStore aliases;
  private final DecisionStore decisions;
  private final RegistryConfig.Paging paging;

  ModelResource(
      VersionQueries versions,
      ModelReads reads,
      AliasStore aliases,
      DecisionStore decisions,
      RegistryConfig config) {
    this.versions = versions;
    this.reads = reads;
    this.aliases = aliases;
    this.decisions = decisions;
    this.paging = config.paging();
  }

  /** One page of models by name; {@code next} is the {@code after} of the next page, or null. */
  public record ModelPage(List<ModelSummary> items, String next) {}

  /** One page of versions, oldest first; {@code next} is the {@code after} of the next page. */
  public record VersionPage(List<VersionView> items, Integer next) {}

  @GET
  public ModelPage models(@QueryParam("after") String after, @QueryParam("limit") String limit) {
    String cursor = after == null ? "" : PathInput.modelName(after);
    int size = PathInput.limit(limit, paging.defaultLimit(), paging.maxLimit());
    List<ModelSummary> rows = reads.read(c -> versions.models(c, cursor, size + 1));
    List<ModelSummary> items = rows.stream().limit(size).toList();
    String next = rows.size() > size ? items.get(size - 1).name() : null;
    return new ModelPage(items, next);
  }

  /**
   * One page of the versions that match the query's filters (see {@link SearchParams}), oldest
   * first; {@code next} is the {@code after} of the next page.
   */
  @GET
  @Path("/{name}/versions")
  public VersionPage versions(@PathParam("name") String name, @Context UriInfo uri) {
    String model = PathInput.modelName(name);
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    VersionSearch search = SearchParams.read(query);
    String after = SearchParams.single(query, "after");
    int cursor = after == null ? 0 : PathInput.version(after, "after");
    int size =
        PathInput.limit(
            SearchParams.single(query, "limit"), paging.defaultLimit(), paging.maxLimit());
    return reads.read(c -> versionPage(c, model, search, cursor, size));
  }

  @GET
  @Path("/{name}/versions/{version}")
  public VersionView version(@PathParam("name") String name, @PathParam("version") String version) {
    String model = PathInput.modelName(name);
    int number = PathInput.version(version, "version");
    return reads
        .read(c -> versionView(c, model, number))
        .orElseThrow(() -> notFound(model + " has no version " + number));
  }

  @GET
  @Path("/{name}/versions/{version}/lineage")
  public LineageView lineage(@PathParam("name") String name, @PathParam("version") String version) {
    return LineageView.of(version(name, version));
  }

  private VersionPage versionPage(
      Connection c, String model, VersionSearch search, int after, int size) throws SQLException {
    reads.requireModel(c, model);
    List<ModelVersion> rows = versions.search(c, model, search, after, size + 1);
    List<VersionView> items = rows.stream().limit(size).map(v -> view(c, v)).toList();
    Integer next = rows.size() > size ? items.get(size - 1).version() : null;
    return new VersionPage(items, next);
  }

  private Optional<VersionView> versionView(Connection c, String model, int number)
      throws SQLException {
    reads.requireModel(c, model);
    return versions.version(c, model, number).map(v -> view(c, v));
  }

  private VersionView view(Connection c, ModelVersion version) {
    String model = version.modelName();
    try {
      return VersionView.of(
          version,
          aliases.aliasesOf(c, model, version.version()),
          decisions.ofVersion(c, model, version.version()));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read aliases and decisions of " + model, e);
    }
  }

  private static ProblemException notFound(String detail) {
    return new ProblemException(Status.NOT_FOUND, detail);
  }
}
