package io.sluice.launcher.gpu;

import java.util.Locale;

/**
 * One GPU of this host.
 *
 * @param index the device index CUDA numbers it by
 * @param product its product name, e.g. {@code NVIDIA H200}, or empty when unknown
 * @param uuid its UUID ({@code GPU-...}), or empty when unknown
 */
public record GpuDevice(int index, String product, String uuid) {

  /**
   * Whether this device is of the step's GPU type. Types are written as Kubernetes' GPU product
   * label writes them ({@code NVIDIA-H200}), names as {@code nvidia-smi} does ({@code NVIDIA
   * H200}): compared without case, with spaces as dashes.
   */
  public boolean isOfType(String type) {
    return type == null || normal(product).equals(normal(type));
  }

  private static String normal(String name) {
    return name.trim().replace(' ', '-').toLowerCase(Locale.ROOT);
  }
}
