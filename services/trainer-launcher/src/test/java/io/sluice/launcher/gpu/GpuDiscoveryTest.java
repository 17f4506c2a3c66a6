package io.sluice.launcher.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuDiscoveryTest {

  @Test
  void readsEveryDeviceOfNvidiaSmiList() {
    String listing =
        "GPU 0: NVIDIA H200 (UUID: GPU-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab)\n"
            + "GPU 1: NVIDIA H200 (UUID: GPU-9f2e3d4c-aaaa-bbbb-cccc-0123456789ab)\n"
            + "  MIG 1g.18gb Device 0: (UUID: MIG-0e3a...)\n";

    assertThat(GpuDiscovery.parse(listing))
        .containsExactly(
            new GpuDevice(0, "NVIDIA H200", "GPU-1f2e3d4c-aaaa-bbbb-cccc-0123456789ab"),
            new GpuDevice(1, "NVIDIA H200", "GPU-9f2e3d4c-aaaa-bbbb-cccc-0123456789ab"));
    assertThat(GpuDiscovery.parse("No devices were found\n")).isEmpty();
  }

  @Test
  void configuredDevicesAndNone() {
    assertThat(GpuDiscovery.devices("0, 2", "NVIDIA A100"))
        .extracting(GpuDevice::index)
        .containsExactly(0, 2);
    assertThat(GpuDiscovery.devices("none", "")).isEmpty();
    assertThatThrownBy(() -> GpuDiscovery.devices("all", ""))
        .hasMessageContaining("auto, none or device indices");
  }

  @Test
  void typesMatchTheKubernetesProductLabelSpelling() {
    GpuDevice h200 = new GpuDevice(0, "NVIDIA H200", "");

    assertThat(h200.isOfType("NVIDIA-H200")).isTrue();
    assertThat(h200.isOfType("nvidia-h200")).isTrue();
    assertThat(h200.isOfType(null)).isTrue();
    assertThat(h200.isOfType("NVIDIA-A100-SXM4-80GB")).isFalse();
  }

  @Test
  void allocatorGivesEachDeviceToOneStepAtATime() {
    GpuAllocator gpus =
        new GpuAllocator(List.of(new GpuDevice(0, "A", ""), new GpuDevice(1, "A", "")));

    List<GpuDevice> first = gpus.tryTake(1, null).orElseThrow();
    assertThat(gpus.tryTake(2, null)).isEmpty();
    List<GpuDevice> second = gpus.tryTake(1, "A").orElseThrow();
    assertThat(second).doesNotContainAnyElementsOf(first);
    gpus.giveBack(first);
    assertThat(gpus.tryTake(1, null)).contains(first);
    assertThat(gpus.couldEverGive(3, null)).isFalse();
    assertThat(
            GpuAllocator.visibleDevices(
                List.of(new GpuDevice(0, "A", ""), new GpuDevice(3, "A", ""))))
        .isEqualTo("0,3");
  }
}
