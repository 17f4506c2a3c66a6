package io.sluice.orchestrator.spec;

/**
 * What a step asks of its node (Kubernetes quantities).
 *
 * @param gpuType the GPU product, or null for any (or none)
 */
public record ResourceSpec(String cpu, String memory, int gpuCount, String gpuType) {

  /** One CPU, 1 GiB, no GPU. */
  public static final ResourceSpec DEFAULT = new ResourceSpec("1", "1Gi", 0, null);
}
