package io.sluice.ingest.api;

import io.sluice.eventing.Transactor;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetRegistry;
import io.sluice.ingest.dataset.DatasetRegistry.ConflictException;
import io.sluice.ingest.dataset.DefinitionParser;
import io.sluice.ingest.dataset.InvalidDefinitionException;
import io.sluice.ingest.drop.VersionStore;
import io.sluice.ingest.store.BucketNotificationWatcher;
import io.sluice.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Registers datasets and shows them with their versions. */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class DatasetResource {

  private final DatasetRegistry registry;
  private final VersionStore versions;
  private final Transactor transactor;
  private final BucketNotificationWatcher notifications;

  public DatasetResource(
      DatasetRegistry registry,
      VersionStore versions,
      Transactor transactor,
      BucketNotificationWatcher notifications) {
    this.registry = registry;
    this.versions = versions;
    this.transactor = transactor;
    this.notifications = notifications;
  }

  /**
   * 201 with the dataset, 200 when the same definition is registered again, 409 when not. With
   * bucket notification wiring on, a new bucket is wired before the answer; if that fails the
   * dataset stays registered and the readiness check says why.
   */
  @POST
  @RolesAllowed(Roles.DATA_ENGINEER)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(byte[] body) {
    try {
      DatasetRegistry.Registration registration =
          registry.register(DefinitionParser.parse(body == null ? new byte[0] : body));
      DatasetDefinition dataset = registration.definition();
      notifications.watch(dataset.bucket());
      return registration.created()
          ? Response.created(URI.create("/api/v1/datasets/" + dataset.name()))
              .entity(dataset)
              .build()
          : Response.ok(dataset).build();
    } catch (InvalidDefinitionException e) {
      throw new ProblemException(Response.Status.BAD_REQUEST, e.getMessage());
    } catch (ConflictException e) {
      throw new ProblemException(Response.Status.CONFLICT, e.getMessage());
    }
  }

  @GET
  public List<DatasetDefinition> list() {
    return registry.all();
  }

  @GET
  @Path("/{name}")
  public DatasetDefinition one(@PathParam("name") String name) {
    return existing(name);
  }

  /** The dataset's versions, newest first, each with the drops that yielded it. */
  @GET
  @Path("/{name}/versions")
  public List<VersionView> versions(@PathParam("name") String name) {
    DatasetDefinition dataset = existing(name);
    return transactor.inTransaction(
        connection -> {
          var drops = versions.drops(connection, name);
          return versions.versions(connection, name, dataset.bucket(), dataset.prefix()).stream()
              .map(v -> VersionView.of(v, drops))
              .toList();
        });
  }

  private DatasetDefinition existing(String name) {
    return registry
        .find(name)
        .orElseThrow(
            () ->
                new ProblemException(
                    Response.Status.NOT_FOUND, "no dataset named '" + name + "' is registered"));
  }
}
