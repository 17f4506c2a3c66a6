package io.sluice.registry.api;

import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionQueries;
import io.sluice.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;

/** Two versions of a model side by side. */
@Path("/api/v1/models/{name}/versions/{a}/compare/{b}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class VersionCompareResource {

  private final Transactor transactor;
  private final VersionQueries versions;
  private final AliasStore aliases;

  VersionCompareResource(Transactor transactor, VersionQueries versions, AliasStore aliases) {
    this.transactor = transactor;
    this.versions = versions;
    this.aliases = aliases;
  }

  @GET
  public ComparisonView compare(
      @PathParam("name") String name, @PathParam("a") String a, @PathParam("b") String b) {
    String model = PathInput.modelName(name);
    int left = PathInput.version(a, "version a");
    int right = PathInput.version(b, "version b");
    try {
      return transactor.inTransaction(c -> compare(c, model, left, right));
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw e;
    }
  }

  private ComparisonView compare(Connection c, String model, int a, int b) throws SQLException {
    if (!versions.modelExists(c, model)) {
      throw new ProblemException(Status.NOT_FOUND, "no model named " + model);
    }
    ModelVersion left = find(c, model, a);
    ModelVersion right = find(c, model, b);
    return ComparisonView.of(
        left, aliases.aliasesOf(c, model, a), right, aliases.aliasesOf(c, model, b));
  }

  private ModelVersion find(Connection c, String model, int number) throws SQLException {
    return versions
        .version(c, model, number)
        .orElseThrow(
            () -> new ProblemException(Status.NOT_FOUND, model + " has no version " + number));
  }
}
