package io.sluice.orchestrator.api;

import io.sluice.eventing.Transactor;
import io.sluice.orchestrator.run.ManualRuns;
import io.sluice.orchestrator.run.RunCanceller;
import io.sluice.orchestrator.run.RunFilter;
import io.sluice.orchestrator.run.RunRow;
import io.sluice.orchestrator.run.RunStore;
import io.sluice.orchestrator.timeline.TimelineEntry;
import io.sluice.orchestrator.timeline.TimelineStore;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Lists runs (newest first, cursor-paginated by run id, filtered), shows one run with its steps or
 * its timeline, and cancels running runs.
 */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class RunResource {

  static final int MAX_LIMIT = 200;
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_TIMELINE_LIMIT = 1000;
  static final int DEFAULT_TIMELINE_LIMIT = 200;

  private final Transactor transactor;
  private final RunCanceller canceller;
  private final Caller caller;
  private final RunStore store = new RunStore();
  private final TimelineStore timeline = new TimelineStore();

  private final ManualRuns manualRuns;

  public RunResource(
      Transactor transactor, RunCanceller canceller, Caller caller, ManualRuns manualRuns) {
    this.transactor = transactor;
    this.canceller = canceller;
    this.caller = caller;
    this.manualRuns = manualRuns;
  }

  /**
   * One page of runs.
   *
   * @param cursor the {@code next} of the previous page: runs older than this id
   */
  public record RunPage(List<RunView> items, String next) {}

  /**
   * Runs newest first, filtered by any of pipeline, state, trigger kind, dataset version and
   * creation time ({@code createdAfter} inclusive, {@code createdBefore} exclusive, ISO-8601
   * instants). A value that cannot be read is a 400 naming the parameter.
   */
  @GET
  public RunPage list(
      @QueryParam("pipeline") String pipeline,
      @QueryParam("state") String state,
      @QueryParam("trigger") String trigger,
      @QueryParam("datasetVersion") String datasetVersion,
      @QueryParam("createdAfter") String createdAfter,
      @QueryParam("createdBefore") String createdBefore,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limitText,
      @Context UriInfo uri) {
    ListQuery.once(uri.getQueryParameters());
    int limit = limit(limitText, DEFAULT_LIMIT, MAX_LIMIT);
    RunFilter filter =
        ListQuery.filter(pipeline, state, trigger, datasetVersion, createdAfter, createdBefore);
    UUID before = cursor == null ? null : uuid(cursor, "cursor");
    List<RunRow> rows = transactor.inTransaction(c -> store.page(c, filter, before, limit + 1));
    List<RunView> items = rows.stream().limit(limit).map(run -> RunView.of(run, null)).toList();
    String next = rows.size() > limit ? items.get(items.size() - 1).id() : null;
    return new RunPage(items, next);
  }

  @GET
  @Path("/{id}")
  public RunView run(@PathParam("id") String id) {
    UUID runId = uuid(id, "run id");
    Optional<RunView> view =
        transactor.inTransaction(
            c -> {
              Optional<RunRow> run = store.run(c, runId);
              return run.isEmpty()
                  ? Optional.<RunView>empty()
                  : Optional.of(
                      RunView.of(run.get(), store.steps(c, runId), store.noCandidate(c, runId)));
            });
    return view.orElseThrow(() -> notFound(runId));
  }

  /**
   * One page of a run's timeline: every change of the run and its steps, oldest first, each with
   * the event that made it.
   *
   * @param next the {@code after} of the next page, or null on the last one
   */
  public record TimelinePage(String runId, List<TimelineEntry> items, String next) {}

  /**
   * The run's timeline, oldest first, {@code limit} entries (default {@value
   * #DEFAULT_TIMELINE_LIMIT}, at most {@value #MAX_TIMELINE_LIMIT}) after the entry {@code after}
   * (the previous page's {@code next}).
   */
  @GET
  @Path("/{id}/timeline")
  public TimelinePage timeline(
      @PathParam("id") String id,
      @QueryParam("after") String afterText,
      @QueryParam("limit") String limitText) {
    UUID runId = uuid(id, "run id");
    long after = afterText == null ? 0 : sequence(afterText);
    int limit = limit(limitText, DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT);
    Optional<List<TimelineEntry>> entries =
        transactor.inTransaction(
            c ->
                store.run(c, runId).isEmpty()
                    ? Optional.<List<TimelineEntry>>empty()
                    : Optional.of(timeline.page(c, runId, after, limit + 1)));
    List<TimelineEntry> page = entries.orElseThrow(() -> notFound(runId));
    List<TimelineEntry> items = page.stream().limit(limit).toList();
    String next = page.size() > limit ? String.valueOf(items.get(items.size() - 1).seq()) : null;
    return new TimelinePage(runId.toString(), items, next);
  }

  /**
   * Cancels a running run: 202 with the cancelled run (its requested attempts are being stopped),
   * 200 with the run when it was cancelled before, 409 when it has already succeeded or failed. The
   * optional body is {@code {"reason": "..."}}.
   */
  @POST
  @RolesAllowed(Roles.ML_ENGINEER)
  @Path("/{id}/cancel")
  public Response cancel(@PathParam("id") String id, InputStream body) {
    UUID runId = uuid(id, "run id");
    String reason = CancelRequest.reason(body);
    RunCanceller.Cancellation cancellation =
        canceller.cancel(runId, reason, caller.subject()).orElseThrow(() -> notFound(runId));
    RunView view = RunView.of(cancellation.run(), cancellation.steps());
    return switch (cancellation.outcome()) {
      case CANCELLED -> Response.accepted(view).build();
      case ALREADY_CANCELLED -> Response.ok(view).build();
      case ALREADY_ENDED ->
          throw new ProblemException(
              Problem.of(
                  Response.Status.CONFLICT,
                  "run "
                      + runId
                      + " is "
                      + view.state()
                      + "; only a RUNNING run can be cancelled"));
    };
  }

  /**
   * Runs an ended run again with the same inputs in a new run (201 with it; 200 with the run an
   * earlier request with the same {@code Idempotency-Key} started). The step cache is off unless
   * the body says {@code {"cache": true}}.
   */
  @POST
  @RolesAllowed(Roles.ML_ENGINEER)
  @Path("/{id}/rerun")
  @Consumes(MediaType.WILDCARD)
  public Response rerun(
      @PathParam("id") String id,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      InputStream body) {
    UUID runId = uuid(id, "run id");
    Boolean cache = ManualRunRequest.rerunCache(body);
    String key = ManualRunRequest.idempotencyKey(idempotencyKey);
    return started(manualRuns.rerun(runId, cache, key, caller.subject()));
  }

  /**
   * Continues a failed or cancelled run in a new run that reuses the outputs of its succeeded steps
   * and runs the others (201; 200 for a repeated {@code Idempotency-Key}); 409 for a run that is
   * still running or succeeded.
   */
  @POST
  @RolesAllowed(Roles.ML_ENGINEER)
  @Path("/{id}/retry")
  @Consumes(MediaType.WILDCARD)
  public Response retry(
      @PathParam("id") String id,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      InputStream body) {
    UUID runId = uuid(id, "run id");
    ManualRunRequest.retry(body);
    String key = ManualRunRequest.idempotencyKey(idempotencyKey);
    return started(manualRuns.retry(runId, key, caller.subject()));
  }

  /** 201 with a run a request started, 200 with one it found started before. */
  static Response started(ManualRuns.Started started) {
    RunView view = RunView.of(started.run(), started.steps());
    return started.created()
        ? Response.created(URI.create("/api/v1/runs/" + view.id())).entity(view).build()
        : Response.ok(view).build();
  }

  /**
   * The page size. Read as text: a parameter JAX-RS cannot convert would be a 404, which tells the
   * caller nothing.
   */
  private static int limit(String text, int defaultLimit, int maxLimit) {
    if (text == null) {
      return defaultLimit;
    }
    int limit = text.matches("[0-9]{1,4}") ? Integer.parseInt(text) : -1;
    if (limit < 1 || limit > maxLimit) {
      throw badRequest("limit must be a whole number between 1 and " + maxLimit);
    }
    return limit;
  }

  private static long sequence(String text) {
    if (!text.matches("[0-9]{1,18}")) {
      throw badRequest("after must be the next of a previous timeline page (a whole number)");
    }
    return Long.parseLong(text);
  }

  private static UUID uuid(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw badRequest(what + " must be a UUID");
    }
  }

  private static ProblemException notFound(UUID runId) {
    return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no run " + runId));
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }
}
