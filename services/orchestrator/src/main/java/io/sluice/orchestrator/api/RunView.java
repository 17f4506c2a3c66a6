package io.sluice.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.RunTrigger;
import io.sluice.events.StepOutput;
import io.sluice.orchestrator.run.RunRow;
import io.sluice.orchestrator.run.RunState;
import io.sluice.orchestrator.run.StepRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run over REST; {@code steps} only on the single-run view. A cancelled run shows why ({@code
 * cancelReason}), when ({@code cancelledAt}) and who ({@code cancelledBy}); all are absent
 * otherwise. {@code deadline} is when a run with a timeout fails unless it has ended. {@code
 * trigger} is what started it (kind, and who or what by).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
    String id,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    String state,
    Map<String, String> params,
    String failure,
    Instant createdAt,
    Instant finishedAt,
    String cancelReason,
    Instant cancelledAt,
    String cancelledBy,
    Instant deadline,
    RunTrigger trigger,
    List<StepView> steps) {

  /**
   * One step of a run: its state, latest attempt, timings, outputs and metrics; {@code retryAt} is
   * when the next attempt is requested while the step is {@code WAITING_FOR_RETRY}, else null.
   * {@code deadline} is the latest attempt's deadline as requested; {@code leaseEndsAt} and {@code
   * leaseOwner} say until when, and by which executor replica, its latest heartbeat vouched for it
   * (absent before the first heartbeat).
   */
  public record StepView(
      String name,
      String state,
      int attempt,
      String image,
      List<String> argv,
      String cacheKey,
      Instant requestedAt,
      Instant startedAt,
      Instant finishedAt,
      List<StepOutput> outputs,
      Map<String, Double> metrics,
      String lastError,
      Instant retryAt,
      Instant deadline,
      Instant leaseEndsAt,
      String leaseOwner) {

    static StepView of(StepRow row) {
      return new StepView(
          row.stepName(),
          row.state().name(),
          row.attempt(),
          row.image(),
          row.argv(),
          row.cacheKey(),
          row.requestedAt(),
          row.startedAt(),
          row.finishedAt(),
          row.outputs(),
          row.metrics(),
          row.lastError(),
          row.retryAt(),
          row.deadlineAt(),
          row.leaseEndsAt(),
          row.leaseOwner());
    }
  }

  static RunView of(RunRow run, List<StepRow> steps) {
    return new RunView(
        run.id().toString(),
        run.pipelineName(),
        run.pipelineVersion(),
        run.dataset().datasetName(),
        run.dataset().versionId(),
        run.state().name(),
        run.params(),
        run.failure(),
        run.createdAt(),
        run.finishedAt(),
        run.cancelReason(),
        run.state() == RunState.CANCELLED ? run.finishedAt() : null,
        run.cancelledBy(),
        run.deadlineAt(),
        run.trigger(),
        steps == null ? null : steps.stream().map(StepView::of).toList());
  }
}
