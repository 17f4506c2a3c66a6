package io.sluice.orchestrator.api;

import io.sluice.eventing.Transactor;
import io.sluice.orchestrator.run.RunRow;
import io.sluice.orchestrator.run.RunState;
import io.sluice.orchestrator.run.RunStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Lists runs (newest first, cursor-paginated by run id) and shows one run with its steps. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RunResource {

  static final int MAX_LIMIT = 200;

  private final Transactor transactor;
  private final RunStore store = new RunStore();

  public RunResource(Transactor transactor) {
    this.transactor = transactor;
  }

  /**
   * One page of runs.
   *
   * @param cursor the {@code next} of the previous page: runs older than this id
   */
  public record RunPage(List<RunView> items, String next) {}

  @GET
  public RunPage list(
      @QueryParam("pipeline") String pipeline,
      @QueryParam("state") String state,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    RunState runState = state == null ? null : runState(state);
    UUID before = cursor == null ? null : uuid(cursor, "cursor");
    List<RunRow> rows =
        transactor.inTransaction(c -> store.page(c, pipeline, runState, before, limit + 1));
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
                  : Optional.of(RunView.of(run.get(), store.steps(c, runId)));
            });
    return view.orElseThrow(
        () -> new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no run " + runId)));
  }

  private static RunState runState(String state) {
    try {
      return RunState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw badRequest("state must be one of RUNNING, SUCCEEDED, FAILED");
    }
  }

  private static UUID uuid(String text, String what) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw badRequest(what + " must be a UUID");
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }
}
