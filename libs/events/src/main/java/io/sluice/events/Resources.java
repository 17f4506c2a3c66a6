package io.sluice.events;

/**
 * What a step needs from its node. Quantities use Kubernetes notation.
 *
 * @param cpu CPU request, e.g. {@code 500m} or {@code 2}
 * @param memory memory request, e.g. {@code 2Gi}
 * @param gpuCount number of GPUs, 0 for none
 * @param gpuType the GPU product (node label value), or null for any
 */
public record Resources(String cpu, String memory, int gpuCount, @Nullable String gpuType) {

  public Resources {
    Checks.notBlank(cpu, "cpu");
    Checks.notBlank(memory, "memory");
    Checks.atLeast(gpuCount, 0, "gpuCount");
    Checks.nullOrNotBlank(gpuType, "gpuType");
    if (gpuType != null && gpuCount == 0) {
      throw new IllegalArgumentException("gpuType '" + gpuType + "' is set but gpuCount is 0");
    }
  }
}
