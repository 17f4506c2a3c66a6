package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import io.sluice.launcher.gpu.GpuDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local executor on a host with GPUs, played by configured devices (no GPU can run here): what
 * each step sees in {@code CUDA_VISIBLE_DEVICES}, queueing, and hosts without the GPUs asked.
 */
class LocalGpuStepsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path work;
  private final Map<String, Instant> started = new ConcurrentHashMap<>();
  private final Map<String, AttemptOutcome> ended = new ConcurrentHashMap<>();
  private LocalExecutor executor;

  private final Executor.AttemptListener listener =
      new Executor.AttemptListener() {
        @Override
        public void started(StepRequested request, String node, Instant at) {
          started.put(request.stepName(), at);
        }

        @Override
        public void ended(StepRequested request, AttemptOutcome outcome) {
          ended.put(request.stepName(), outcome);
        }
      };

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.close();
    }
  }

  private void host(List<GpuDevice> gpus, boolean fallbackToCpu) {
    LocalSettings settings =
        new LocalSettings(work.resolve("attempts"), work, false, 8192, 1 << 20);
    executor =
        new LocalExecutor(
            settings,
            null, // these steps have no inputs or outputs: the store is never used
            new SecretResolver(Map.of()),
            "test-host",
            4,
            Clock.systemUTC(),
            new GpuAllocator(gpus),
            fallbackToCpu);
  }

  private static List<GpuDevice> h200s(int count) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new GpuDevice(i, "NVIDIA H200", ""))
        .toList();
  }

  private static StepRequested step(String name, int gpus, String type, String script) {
    return new StepRequested(
        "run-gpu",
        name,
        1,
        0,
        "local",
        null,
        List.of("sh", "-c", script),
        Map.of(),
        List.of(),
        List.of(),
        new Resources("1", "1Gi", gpus, type),
        Instant.now().plusSeconds(600),
        120,
        new RetryPolicy(1, 0, 1.0, 0),
        "c".repeat(64),
        List.of());
  }

  /** A step that succeeds only if it sees exactly {@code devices}, and says what it saw. */
  private static String expectDevices(String devices) {
    return "echo \"saw [$CUDA_VISIBLE_DEVICES]\"; test \"${CUDA_VISIBLE_DEVICES-unset}\" = '"
        + devices
        + "'";
  }

  private AttemptOutcome awaitEnd(String step) {
    await().atMost(PATIENCE).until(() -> ended.containsKey(step));
    return ended.get(step);
  }

  @Test
  void gpuStepSeesItsDevicesAndOtherStepsSeeNone() {
    host(h200s(2), false);

    executor.launch(step("train", 2, "NVIDIA-H200", expectDevices("0,1")), listener);
    executor.launch(step("lint", 0, null, expectDevices("")), listener);

    assertThat(awaitEnd("train"))
        .as("%s", ended.get("train"))
        .isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(awaitEnd("lint"))
        .as("%s", ended.get("lint"))
        .isInstanceOf(AttemptOutcome.Succeeded.class);
  }

  @Test
  void gpuStepWaitsWhileTheDevicesAreBusyThenGetsThem() throws Exception {
    host(h200s(1), false);
    Path release = work.resolve("release");
    executor.launch(
        step("first", 1, null, "while [ ! -e '" + release + "' ]; do sleep 0.05; done"), listener);
    await().atMost(PATIENCE).until(() -> started.containsKey("first"));

    executor.launch(step("second", 1, null, expectDevices("0")), listener);
    executor.launch(step("cpu-only", 0, null, "true"), listener);
    awaitEnd("cpu-only"); // launched after "second": the executor has taken both requests
    assertThat(started).doesNotContainKey("second");
    assertThat(executor.isActive(new AttemptKey("run-gpu", "second", 1, 0))).isTrue();

    Files.createFile(release);
    assertThat(awaitEnd("first")).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(awaitEnd("second"))
        .as("%s", ended.get("second"))
        .isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(started.get("second")).isAfterOrEqualTo(started.get("first"));
  }

  @Test
  void gpuStepOnAHostWithoutSuchGpusFailsUnschedulableUnlessItMayUseTheCpu() {
    host(h200s(1), false);
    executor.launch(step("needs-a100", 1, "NVIDIA-A100", "true"), listener);
    executor.launch(step("needs-two", 2, null, "true"), listener);

    for (String step : List.of("needs-a100", "needs-two")) {
      AttemptOutcome.Failed failed = (AttemptOutcome.Failed) awaitEnd(step);
      assertThat(failed.reason()).isEqualTo(FailureReason.UNSCHEDULABLE);
      assertThat(failed.retryable()).isFalse();
      assertThat(failed.message()).contains("this host has", "gpu-fallback=cpu");
    }
    assertThat(started).isEmpty();

    executor.close();
    host(List.of(), true);
    executor.launch(step("fallback", 1, null, expectDevices("")), listener);
    assertThat(awaitEnd("fallback"))
        .as("%s", ended.get("fallback"))
        .isInstanceOf(AttemptOutcome.Succeeded.class);
  }

  @Test
  void cancellingAWaitingGpuStepReportsItWithoutRunningIt() throws Exception {
    host(h200s(1), false);
    Path release = work.resolve("release");
    executor.launch(
        step("first", 1, null, "while [ ! -e '" + release + "' ]; do sleep 0.05; done"), listener);
    await().atMost(PATIENCE).until(() -> started.containsKey("first"));
    executor.launch(step("waiting", 1, null, "true"), listener);

    executor.cancel(new AttemptKey("run-gpu", "waiting", 1, 0), "not needed");

    assertThat(((AttemptOutcome.Failed) awaitEnd("waiting")).reason())
        .isEqualTo(FailureReason.CANCELLED);
    assertThat(started).doesNotContainKey("waiting");
    Files.createFile(release);
    awaitEnd("first");
  }
}
