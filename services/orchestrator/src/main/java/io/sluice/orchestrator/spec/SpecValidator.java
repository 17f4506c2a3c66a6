package io.sluice.orchestrator.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that span steps: unique step names, inputs that name an existing step and output, no
 * cycles, and a model section that points at real steps and outputs.
 */
final class SpecValidator {

  private SpecValidator() {}

  static void validate(PipelineSpec spec) throws SpecException {
    Map<String, StepSpec> byName = uniqueSteps(spec.steps());
    for (StepSpec step : spec.steps()) {
      for (InputRef input : step.inputs().values()) {
        if (input.isUpstream()) {
          checkChained(spec, input, "step '" + step.name() + "' input");
        } else {
          checkReference(input, byName, "step '" + step.name() + "' input");
        }
      }
      if (step.when() != null) {
        checkConditionSteps(step, byName);
      }
    }
    Dag.of(spec).checkAcyclic();
    if (spec.model() != null) {
      checkModel(spec.model(), byName);
    }
    FanOutRules.check(spec, byName);
  }

  private static Map<String, StepSpec> uniqueSteps(List<StepSpec> steps) throws SpecException {
    Map<String, StepSpec> byName = new HashMap<>();
    for (StepSpec step : steps) {
      StepSpec earlier = byName.putIfAbsent(step.name(), step);
      if (earlier != null) {
        throw new SpecException(
            step.line(),
            "duplicate step name '"
                + step.name()
                + "' (first defined on line "
                + earlier.line()
                + ")");
      }
    }
    return byName;
  }

  /** The upstream run's outputs exist only in runs that an upstream pipeline starts. */
  private static void checkChained(PipelineSpec spec, InputRef ref, String what)
      throws SpecException {
    if (spec.start().upstreamPipeline() == null) {
      throw new SpecException(
          ref.line(),
          what
              + " '"
              + ref.text()
              + "' reads an upstream run, but the pipeline has no 'trigger.pipeline'");
    }
  }

  private static void checkReference(InputRef ref, Map<String, StepSpec> steps, String what)
      throws SpecException {
    if (ref.isDataset()) {
      return;
    }
    StepSpec producer = steps.get(ref.step());
    if (producer == null) {
      throw new SpecException(
          ref.line(), what + " '" + ref.text() + "' names unknown step '" + ref.step() + "'");
    }
    if (!producer.outputs().contains(ref.output())) {
      throw new SpecException(
          ref.line(),
          what
              + " '"
              + ref.text()
              + "': step '"
              + ref.step()
              + "' has no output '"
              + ref.output()
              + "' (outputs: "
              + producer.outputs()
              + ")");
    }
  }

  /**
   * A condition reads metrics of other existing steps; the step then waits for them (a cycle this
   * makes is refused with the others).
   */
  private static void checkConditionSteps(StepSpec step, Map<String, StepSpec> steps)
      throws SpecException {
    StepCondition when = step.when();
    for (String upstream : when.condition().steps()) {
      String problem =
          upstream.equals(step.name())
              ? "a step cannot read its own metrics"
              : !steps.containsKey(upstream)
                  ? "unknown step '" + upstream + "'"
                  : steps.get(upstream).isFannedOut()
                      // Its instances each report their own metrics; a fan-in step reads them all.
                      ? "step '" + upstream + "' fans out, so it has no metrics of its own"
                      : null;
      if (problem != null) {
        throw new SpecException(
            when.line(),
            "step '"
                + step.name()
                + "' when: "
                + problem
                + " at column "
                + when.condition().columnOf(upstream));
      }
    }
  }

  private static void checkModel(ModelSpec model, Map<String, StepSpec> steps)
      throws SpecException {
    checkReference(model.artifact(), steps, "model artifact");
    if (!steps.containsKey(model.metricsStep())) {
      throw new SpecException(
          model.metricsLine(), "model metrics names unknown step '" + model.metricsStep() + "'");
    }
  }
}
