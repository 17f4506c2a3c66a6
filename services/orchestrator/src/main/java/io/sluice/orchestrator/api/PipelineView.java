package io.sluice.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline version over REST; {@code spec} (canonical JSON) and {@code source} (the posted YAML)
 * only on the single-pipeline view; {@code warnings} only in the answer to a registration, when
 * there is something to check; {@code startedRun} only in the answer to a registration that started
 * a run ({@code trigger.onRegister: latest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineView(
    String name,
    String version,
    String triggerDataset,
    Instant registeredAt,
    String registeredBy,
    String activatedBy,
    @JsonRawValue String spec,
    String source,
    List<String> warnings,
    String startedRun) {

  static PipelineView summary(StoredPipeline pipeline) {
    return new PipelineView(
        pipeline.name(),
        pipeline.version(),
        pipeline.triggerDataset(),
        pipeline.registeredAt(),
        pipeline.registeredBy(),
        pipeline.activatedBy(),
        null,
        null,
        null,
        null);
  }

  static PipelineView registered(
      StoredPipeline pipeline, List<String> warnings, String startedRun) {
    return new PipelineView(
        pipeline.name(),
        pipeline.version(),
        pipeline.triggerDataset(),
        pipeline.registeredAt(),
        pipeline.registeredBy(),
        pipeline.activatedBy(),
        null,
        null,
        warnings.isEmpty() ? null : warnings,
        startedRun);
  }

  static PipelineView full(StoredPipeline pipeline) {
    return new PipelineView(
        pipeline.name(),
        pipeline.version(),
        pipeline.triggerDataset(),
        pipeline.registeredAt(),
        pipeline.registeredBy(),
        pipeline.activatedBy(),
        pipeline.canonicalSpec(),
        pipeline.sourceYaml(),
        null,
        null);
  }
}
