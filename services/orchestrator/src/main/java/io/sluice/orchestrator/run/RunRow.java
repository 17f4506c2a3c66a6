package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import io.sluice.events.RunTrigger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One run as stored.
 *
 * @param params the resolved params, in spec order
 * @param dataset the {@code data.arrived} that triggered it (input URIs and lineage come from it)
 * @param failure why it failed, or null
 * @param finishedAt when it succeeded, failed or was cancelled, or null while running
 * @param correlationId the correlation id of the event chain that started the run, or null for runs
 *     started before it was recorded
 * @param cancelReason why it was cancelled, or null
 * @param cancelledBy who cancelled it, or null (not cancelled, or cancelled before that was kept)
 * @param deadlineAt when it fails unless it has ended (its spec's timeout), or null for no limit
 * @param trigger what started it
 * @param useCache whether its steps may complete from the step cache
 */
public record RunRow(
    UUID id,
    String pipelineName,
    String pipelineVersion,
    RunState state,
    Map<String, String> params,
    DataArrived dataset,
    String failure,
    Instant createdAt,
    Instant finishedAt,
    String correlationId,
    String cancelReason,
    String cancelledBy,
    Instant deadlineAt,
    RunTrigger trigger,
    boolean useCache) {

  /**
   * The correlation id of events about the run that no event causes (a cancel over REST, a
   * watchdog's judgement): the run's own chain, or for runs started before it was recorded the
   * dataset version, which is what ingest uses as the correlation id of data-triggered work.
   */
  public String chainId() {
    return correlationId != null ? correlationId : dataset.versionId();
  }
}
