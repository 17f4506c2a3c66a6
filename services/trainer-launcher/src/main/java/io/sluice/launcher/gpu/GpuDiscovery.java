package io.sluice.launcher.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Finds this host's GPUs: from configuration ({@code none}, or device indices) or, by default, from
 * {@code nvidia-smi -L}. A host without the NVIDIA driver has none.
 */
public final class GpuDiscovery {

  private static final Logger LOG = Logger.getLogger(GpuDiscovery.class);
  private static final Pattern LINE =
      Pattern.compile("GPU (\\d+): (.+?)(?: \\(UUID: ([^)]+)\\))?\\s*");
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private GpuDiscovery() {}

  /**
   * The devices {@code setting} names: {@code auto} asks {@code nvidia-smi}, {@code none} is no
   * GPU, anything else is a comma-separated list of device indices of type {@code product}.
   */
  public static List<GpuDevice> devices(String setting, String product) {
    String value = setting.trim();
    if (value.equals("none")) {
      return List.of();
    }
    if (value.equals("auto")) {
      return askNvidiaSmi();
    }
    List<GpuDevice> devices = new ArrayList<>();
    for (String index : value.split(",")) {
      try {
        devices.add(new GpuDevice(Integer.parseInt(index.trim()), product, ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "sluice.launcher.gpus must be auto, none or device indices like 0,1; got '"
                + setting
                + "'");
      }
    }
    return devices;
  }

  /** The devices in {@code nvidia-smi -L} output, one per {@code GPU n: name (UUID: ...)} line. */
  public static List<GpuDevice> parse(String listing) {
    List<GpuDevice> devices = new ArrayList<>();
    for (String line : listing.split("\\R")) {
      Matcher match = LINE.matcher(line);
      if (match.matches()) {
        String uuid = match.group(3) == null ? "" : match.group(3);
        devices.add(new GpuDevice(Integer.parseInt(match.group(1)), match.group(2).trim(), uuid));
      }
    }
    return devices;
  }

  private static List<GpuDevice> askNvidiaSmi() {
    try {
      Process process = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        LOG.warn("nvidia-smi -L did not answer in time: no GPUs used");
        return List.of();
      }
      String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      List<GpuDevice> devices = process.exitValue() == 0 ? parse(listing) : List.of();
      LOG.infof("GPUs of this host: %s", devices.isEmpty() ? "none" : devices);
      return devices;
    } catch (IOException e) {
      LOG.infof("no nvidia-smi on this host (%s): no GPUs", e.getMessage());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
