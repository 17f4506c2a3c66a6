package io.sluice.launcher.gpu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Hands out this host's GPUs to steps, each device to one step at a time. */
public final class GpuAllocator {

  private final List<GpuDevice> devices;
  private final Set<GpuDevice> free;

  public GpuAllocator(List<GpuDevice> devices) {
    this.devices = List.copyOf(devices);
    this.free = new LinkedHashSet<>(devices);
  }

  public List<GpuDevice> devices() {
    return devices;
  }

  /** Whether this host has {@code count} devices of {@code type} at all (null: any type). */
  public boolean couldEverGive(int count, String type) {
    return devices.stream().filter(d -> d.isOfType(type)).count() >= count;
  }

  /** {@code count} free devices of {@code type}, now taken; empty when not enough are free. */
  public synchronized Optional<List<GpuDevice>> tryTake(int count, String type) {
    List<GpuDevice> chosen = new ArrayList<>();
    for (GpuDevice device : free) {
      if (chosen.size() < count && device.isOfType(type)) {
        chosen.add(device);
      }
    }
    if (chosen.size() < count) {
      return Optional.empty();
    }
    chosen.forEach(free::remove);
    return Optional.of(List.copyOf(chosen));
  }

  public synchronized void giveBack(List<GpuDevice> taken) {
    free.addAll(taken);
  }

  /** {@code CUDA_VISIBLE_DEVICES} for these devices: their indices, comma-separated. */
  public static String visibleDevices(List<GpuDevice> taken) {
    return String.join(",", taken.stream().map(d -> Integer.toString(d.index())).toList());
  }
}
