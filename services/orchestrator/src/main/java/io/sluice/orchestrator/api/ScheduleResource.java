package io.sluice.orchestrator.api;

import io.sluice.eventing.Transactor;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.schedule.ScheduleRow;
import io.sluice.orchestrator.schedule.ScheduleStore;
import io.sluice.security.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where a pipeline's cron schedules stand: next tick, last run, last skip and why. */
@Path("/api/v1/pipelines/{name}/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ScheduleResource {

  /**
   * One schedule over REST.
   *
   * @param lastFiredAt the tick of the last run it started, or null
   * @param lastSkippedAt the last tick it skipped, or null; {@code lastSkipReason} says why
   * @param skippedTicks ticks skipped in all (policy, no dataset, passed while no scheduler ran)
   */
  public record ScheduleView(
      String name,
      String cron,
      String timezone,
      String concurrency,
      String pipelineVersion,
      Instant nextFireAt,
      Instant lastFiredAt,
      String lastRunId,
      Instant lastSkippedAt,
      String lastSkipReason,
      long skippedTicks) {

    static ScheduleView of(ScheduleRow row) {
      return new ScheduleView(
          row.scheduleName(),
          row.cron(),
          row.timezone(),
          row.concurrency().text(),
          row.pipelineVersion(),
          row.nextFireAt(),
          row.lastFiredAt(),
          row.lastRunId() == null ? null : row.lastRunId().toString(),
          row.lastSkippedAt(),
          row.lastSkipReason(),
          row.skippedTicks());
    }
  }

  private final Transactor transactor;
  private final ScheduleStore schedules = new ScheduleStore();
  private final PipelineStore pipelines = new PipelineStore();

  public ScheduleResource(Transactor transactor) {
    this.transactor = transactor;
  }

  /** The latest version's schedules by name; 404 for an unknown pipeline. */
  @GET
  @RolesAllowed(Roles.VIEWER)
  public List<ScheduleView> schedules(@PathParam("name") String name) {
    Optional<List<ScheduleRow>> rows =
        transactor.inTransaction(
            connection ->
                pipelines.latest(connection, name).isEmpty()
                    ? Optional.empty()
                    : Optional.of(schedules.ofPipeline(connection, name)));
    return rows
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(Response.Status.NOT_FOUND, "no pipeline named '" + name + "'")))
        .stream()
        .map(ScheduleView::of)
        .toList();
  }
}
