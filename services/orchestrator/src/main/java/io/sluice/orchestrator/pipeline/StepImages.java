package io.sluice.orchestrator.pipeline;

import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecException;
import io.sluice.orchestrator.spec.StepSpec;
import io.sluice.security.ImageAllowList;
import io.sluice.security.ImageReference;
import io.sluice.security.quarkus.ImagesConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a pipeline whose steps use images outside {@code sluice.images.allowed}, on the line of
 * the first such {@code image:}. Only registration checks: a version registered under a wider list
 * keeps parsing (its runs are refused by the launcher, which checks every request again).
 */
@ApplicationScoped
public class StepImages {

  private final ImageAllowList allowList;

  public StepImages(ImageAllowList allowList) {
    this.allowList = allowList;
  }

  /** Throws naming the step, the image and why, when a step's image may not run. */
  public void check(PipelineSpec spec) throws SpecException {
    for (StepSpec step : spec.steps()) {
      ImageAllowList.Decision decision = allowList.check(step.image());
      if (!decision.allowed()) {
        throw new SpecException(step.imageLine(), refusal(step, decision.reason()));
      }
    }
  }

  private static String refusal(StepSpec step, String reason) {
    return "step '"
        + step.name()
        + "' image '"
        + ImageReference.printable(step.image())
        + "' is not allowed: "
        + reason
        + " (set by "
        + ImagesConfig.ALLOWED
        + " and "
        + ImagesConfig.DIGESTS_ONLY
        + ")";
  }
}
