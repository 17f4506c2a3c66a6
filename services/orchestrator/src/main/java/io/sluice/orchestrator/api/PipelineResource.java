package io.sluice.orchestrator.api;

import io.sluice.orchestrator.pipeline.PipelineRegistry;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.run.ManualRuns;
import io.sluice.orchestrator.spec.SpecException;
import io.sluice.orchestrator.spec.SpecParser;
import io.sluice.security.Roles;
import io.sluice.security.quarkus.Caller;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Registers pipeline specs (YAML) and shows the latest version of each pipeline. */
@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class PipelineResource {

  /** The largest accepted body in bytes. */
  static final int MAX_BYTES = SpecParser.MAX_CHARS;

  private final PipelineRegistry registry;
  private final Caller caller;

  private final ManualRuns manualRuns;

  public PipelineResource(PipelineRegistry registry, Caller caller, ManualRuns manualRuns) {
    this.registry = registry;
    this.caller = caller;
    this.manualRuns = manualRuns;
  }

  /** 201 with the new version, or 200 when the same spec (however formatted) is registered. */
  @POST
  @RolesAllowed(Roles.ML_ENGINEER)
  @Consumes({"application/yaml", "text/yaml", "application/x-yaml"})
  public Response register(InputStream body) {
    String yaml = decode(readLimited(body));
    try {
      PipelineRegistry.Registration registration = registry.register(yaml, caller.subject());
      StoredPipeline pipeline = registration.pipeline();
      PipelineView view =
          PipelineView.registered(pipeline, registration.warnings(), registration.startedRun());
      return registration.created()
          ? Response.created(URI.create("/api/v1/pipelines/" + pipeline.name()))
              .entity(view)
              .build()
          : Response.ok(view).build();
    } catch (SpecException e) {
      Problem problem =
          new Problem(
              "about:blank",
              "Invalid pipeline spec",
              400,
              e.getMessage(),
              e.line() > 0 ? e.line() : null);
      throw new ProblemException(problem);
    }
  }

  /**
   * Starts a run of the pipeline by hand: 201 with the run, or 200 with the run an earlier request
   * with the same {@code Idempotency-Key} started.
   */
  @POST
  @RolesAllowed(Roles.ML_ENGINEER)
  @Path("/{name}/runs")
  @Consumes(MediaType.WILDCARD)
  public Response startRun(
      @PathParam("name") String name,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      InputStream body) {
    ManualRuns.Request request = ManualRunRequest.start(body, idempotencyKey);
    return RunResource.started(manualRuns.start(name, request, caller.subject()));
  }

  @GET
  public List<PipelineView> list() {
    return registry.all().stream().map(PipelineView::summary).toList();
  }

  @GET
  @Path("/{name}")
  public PipelineView latest(@PathParam("name") String name) {
    return registry
        .latest(name)
        .map(PipelineView::full)
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(Response.Status.NOT_FOUND, "no pipeline named '" + name + "'")));
  }

  private static byte[] readLimited(InputStream body) {
    try (InputStream in = body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        if (out.size() > MAX_BYTES) {
          throw new ProblemException(
              Problem.of(
                  Response.Status.REQUEST_ENTITY_TOO_LARGE,
                  "a pipeline spec may have at most " + MAX_BYTES + " bytes"));
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "unreadable body"));
    }
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProblemException(
          Problem.of(Response.Status.BAD_REQUEST, "the spec is not valid UTF-8"));
    }
  }
}
