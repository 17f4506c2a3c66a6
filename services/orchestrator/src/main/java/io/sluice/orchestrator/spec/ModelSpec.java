package io.sluice.orchestrator.spec;

import io.sluice.events.GateRule;
import io.sluice.events.Nullable;
import io.sluice.events.RolloutSpec;
import java.util.List;

/**
 * The model a run yields: which step output is the model, which step's metrics count, the gate.
 *
 * @param artifact the {@code <step>.<output>} holding the model package
 * @param metricsStep the step whose reported metrics are the model's metrics
 * @param metricsLine the YAML line of {@code metrics}
 * @param serving how the gateway rolls an approved version out, or null when the spec has no {@code
 *     serving} section (the registry's default applies)
 */
public record ModelSpec(
    String name,
    InputRef artifact,
    String metricsStep,
    int metricsLine,
    List<GateRule> gate,
    @Nullable RolloutSpec serving) {

  public ModelSpec {
    gate = List.copyOf(gate);
  }
}
