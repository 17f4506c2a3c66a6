package io.sluice.registry.rollout;

/** Where a version's rollout came from. */
public enum RolloutOrigin {
  /** The pipeline's {@code model.serving} section, carried by {@code model.candidate}. */
  PIPELINE,
  /** The registry's {@code sluice.registry.rollout.*}: the pipeline had no section. */
  REGISTRY_DEFAULT
}
