package io.sluice.launcher.local;

import static io.sluice.launcher.TestDigests.folderSha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.FailureReason;
import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import io.sluice.launcher.TestObjects;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import io.sluice.launcher.step.StagingRetry;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import io.sluice.testkit.EmbeddedS3;
import io.sluice.testkit.TcpProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object store goes away while a step stages its inputs or outputs and comes back: the platform
 * retries its own transfers, so a step with no retries left (one attempt) still succeeds. The store
 * is the test kit's real S3, behind a proxy that cuts every connection.
 */
class StoreOutageStepsTest {

  private static final Duration OUTAGE = Duration.ofSeconds(4);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static EmbeddedS3 s3;

  @TempDir Path work;
  private final Map<String, AttemptOutcome> ended = new ConcurrentHashMap<>();
  private final CountDownLatch commandStarted = new CountDownLatch(1);
  private TcpProxy proxy;
  private StorageClient direct;
  private StorageClient proxied;
  private LocalExecutor executor;

  private final Executor.AttemptListener listener =
      new Executor.AttemptListener() {
        @Override
        public void started(StepRequested request, String node, Instant at) {
          commandStarted.countDown();
        }

        @Override
        public void ended(StepRequested request, AttemptOutcome outcome) {
          ended.put(request.stepName(), outcome);
        }
      };

  @BeforeAll
  static void startStore() {
    s3 = EmbeddedS3.start();
    s3.createBucket("datasets");
    s3.createBucket("artifacts");
  }

  @AfterAll
  static void stopStore() {
    s3.close();
  }

  @BeforeEach
  void start() throws Exception {
    proxy = new TcpProxy(s3.port());
    direct =
        StorageClient.create(
            StorageSettings.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey()));
    proxied = StorageClient.create(settings(URI.create("http://127.0.0.1:" + proxy.port())));
    LocalSettings settings =
        new LocalSettings(
            work.resolve("attempts"),
            work,
            false,
            8192,
            1 << 20,
            new StagingRetry.Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
    executor =
        new LocalExecutor(
            settings,
            new ObjectStore(proxied),
            new SecretResolver(null, Map.of()),
            "test-host",
            2,
            Clock.systemUTC(),
            new GpuAllocator(List.of()),
            false);
  }

  @AfterEach
  void stop() throws Exception {
    executor.close();
    proxy.close();
    direct.close();
    proxied.close();
  }

  private static StorageSettings settings(URI endpoint) {
    return new StorageSettings(
        endpoint,
        s3.region(),
        s3.accessKey(),
        s3.secretKey(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Optional.empty());
  }

  /** One attempt only: any failure, the platform's included, would end the step. */
  private static StepRequested step(
      String name, String script, List<StepInput> inputs, List<OutputTarget> outputs) {
    return new StepRequested(
        "run-outage",
        name,
        1,
        0,
        "local",
        null,
        List.of("sh", "-c", script),
        Map.of(),
        inputs,
        outputs,
        new Resources("1", "1Gi", 0, null),
        Instant.now().plusSeconds(120),
        60,
        new RetryPolicy(1, 0, 1.0, 0),
        "c".repeat(64),
        List.of());
  }

  private AttemptOutcome awaitEnd(String step) {
    await().atMost(PATIENCE).until(() -> ended.containsKey(step));
    return ended.get(step);
  }

  private void restoreAfter(Duration outage) {
    CompletableFuture.runAsync(
        () -> {
          try {
            proxy.restore();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        CompletableFuture.delayedExecutor(outage.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void outputsUploadedWhileTheStoreIsAwayAreRetriedUntilItComesBack() throws Exception {
    String uri = "s3://artifacts/outage/upload/model/";
    // The command runs for a second: the store goes away during it and stays away past its end.
    StepRequested request =
        step(
            "upload",
            "sleep 1; echo weights > \"$SLUICE_OUTPUT_MODEL/model.bin\"",
            List.of(),
            List.of(new OutputTarget("model", uri)));
    executor.launch(request, listener);
    assertThat(commandStarted.await(30, TimeUnit.SECONDS)).isTrue();
    proxy.cut();
    restoreAfter(OUTAGE);

    AttemptOutcome outcome = awaitEnd("upload");

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(TestObjects.read(direct, "artifacts", "outage/upload/model/model.bin"))
        .isEqualTo("weights\n");
  }

  @Test
  void inputsDownloadedWhileTheStoreIsAwayAreRetriedUntilItComesBack() throws Exception {
    TestObjects.put(direct, "datasets", "outage/drop/iris.csv", "a,b\n1,2\n");
    String sha = folderSha("iris.csv", "a,b\n1,2\n");
    StepRequested request =
        step(
            "download",
            "grep -q '1,2' \"$SLUICE_INPUT_DATA/iris.csv\"",
            List.of(new StepInput("data", "s3://datasets/outage/drop/", sha)),
            List.of());
    proxy.cut();
    restoreAfter(OUTAGE);
    executor.launch(request, listener);

    assertThat(awaitEnd("download")).isInstanceOf(AttemptOutcome.Succeeded.class);
  }

  @Test
  void aMissingInputFailsAtOnceWithoutWaitingForTheDeadline() {
    long before = System.nanoTime();
    StepRequested request =
        step(
            "missing",
            "true",
            List.of(new StepInput("data", "s3://datasets/outage/nothing-here/", "d".repeat(64))),
            List.of());
    executor.launch(request, listener);

    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) awaitEnd("missing");
    assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_MISSING);
    assertThat(failed.retryable()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aStoreThatStaysAwayPastTheDeadlineFailsTheUploadRetryably() throws Exception {
    StepRequested request =
        withDeadline(
            step(
                "gone",
                "echo x > \"$SLUICE_OUTPUT_MODEL/x\"",
                List.of(),
                List.of(new OutputTarget("model", "s3://artifacts/outage/gone/"))),
            Instant.now().plusSeconds(5));
    proxy.cut();
    executor.launch(request, listener);

    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) awaitEnd("gone");
    assertThat(failed.reason()).isEqualTo(FailureReason.OUTPUT_UPLOAD_FAILED);
    assertThat(failed.retryable()).isTrue();
  }

  private static StepRequested withDeadline(StepRequested r, Instant deadline) {
    return new StepRequested(
        r.runId(),
        r.stepName(),
        r.attempt(),
        r.shardIndex(),
        r.image(),
        r.imageDigest(),
        r.argv(),
        r.env(),
        r.inputs(),
        r.outputs(),
        r.resources(),
        deadline,
        r.timeoutSeconds(),
        r.retryPolicy(),
        r.cacheKey(),
        r.secretRefs(),
        r.scheduling());
  }
}
