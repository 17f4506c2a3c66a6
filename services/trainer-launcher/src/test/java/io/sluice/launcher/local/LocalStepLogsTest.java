package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.FailureReason;
import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepRequested;
import io.sluice.launcher.TestObjects;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import io.sluice.testkit.EmbeddedS3;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local steps really run and print; once an attempt ends, however it ends, its log (bounded and
 * masked as the log file is) is in the test kit's real S3 beside its outputs, before the outcome is
 * reported. Keeping it never decides the outcome.
 */
class LocalStepLogsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final long MAX_LOG_BYTES = 64 * 1024;
  private static EmbeddedS3 s3;
  private static StorageClient storage;

  @TempDir Path work;
  private final Map<String, AttemptOutcome> ended = new ConcurrentHashMap<>();
  private final Map<String, Boolean> logKeptBeforeReport = new ConcurrentHashMap<>();
  private final String run = "run-" + UUID.randomUUID();
  private LocalExecutor executor;
  private StepLogStore logs;

  @BeforeAll
  static void startStore() {
    s3 = EmbeddedS3.start();
    s3.createBucket("artifacts");
    storage =
        StorageClient.create(
            StorageSettings.of(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey()));
  }

  @AfterAll
  static void stopStore() {
    storage.close();
    s3.close();
  }

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.close();
    }
  }

  private void startExecutor(String logsBucket) {
    ObjectStore store = new ObjectStore(storage);
    logs = StepLogStore.in(store, logsBucket);
    LocalSettings settings =
        new LocalSettings(work.resolve("attempts"), work, false, 8192, MAX_LOG_BYTES);
    executor =
        new LocalExecutor(
            settings,
            store,
            new SecretResolver(null, Map.of()),
            logs,
            "test-host",
            2,
            Clock.systemUTC(),
            new GpuAllocator(List.of()),
            false);
  }

  private AttemptOutcome run(StepRequested request) {
    executor.launch(
        request,
        new Executor.AttemptListener() {
          @Override
          public void ended(StepRequested step, AttemptOutcome outcome) {
            logKeptBeforeReport.put(
                step.stepName(), !storage.list("artifacts", logKey(step.stepName())).isEmpty());
            ended.put(step.stepName(), outcome);
          }
        });
    await().atMost(PATIENCE).until(() -> ended.containsKey(request.stepName()));
    return ended.get(request.stepName());
  }

  private StepRequested step(String name, String script, long timeoutSeconds) {
    return step(name, script, timeoutSeconds, Map.of(), List.of());
  }

  private StepRequested step(
      String name,
      String script,
      long timeoutSeconds,
      Map<String, String> env,
      List<OutputTarget> outputs) {
    return new StepRequested(
        run,
        name,
        1,
        0,
        "local",
        null,
        List.of("sh", "-c", script),
        env,
        List.of(),
        outputs,
        new Resources("1", "1Gi", 0, null),
        Instant.now().plusSeconds(600),
        timeoutSeconds,
        new RetryPolicy(1, 0, 1.0, 0),
        "c".repeat(64),
        List.of());
  }

  private String logKey(String step) {
    return "runs/" + run + "/" + step + "/1/_logs/step.log";
  }

  private String keptLog(String step) {
    return TestObjects.read(storage, "artifacts", logKey(step));
  }

  @Test
  void doneStepsWholeLogIsKeptBesideItsOutputsBeforeItIsReported() {
    startExecutor("artifacts");
    String outputs = "s3://artifacts/runs/" + run + "/train/1/model/";
    AttemptOutcome outcome =
        run(
            step(
                "train",
                "echo 'epoch 1 loss 0.9'; echo 'epoch 2 loss 0.4' >&2; echo x > {{outputs.model}}/m",
                60,
                Map.of(),
                List.of(new OutputTarget("model", outputs))));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(keptLog("train")).isEqualTo("epoch 1 loss 0.9\nepoch 2 loss 0.4\n");
    assertThat(storage.list("artifacts", "runs/" + run + "/train/1/"))
        .extracting(object -> object.key())
        .containsExactlyInAnyOrder(
            "runs/" + run + "/train/1/model/m", "runs/" + run + "/train/1/_logs/step.log");
    assertThat(logKeptBeforeReport).containsEntry("train", true);
    assertThat(logs.storedCount()).isEqualTo(1);
  }

  @Test
  void failedStepsLogIsKept() {
    startExecutor("artifacts");
    AttemptOutcome outcome = run(step("evaluate", "echo 'no label column species'; exit 2", 60));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AttemptOutcome.Failed.class,
            failed -> assertThat(failed.reason()).isEqualTo(FailureReason.NONZERO_EXIT));
    assertThat(keptLog("evaluate")).isEqualTo("no label column species\n");
    assertThat(logKeptBeforeReport).containsEntry("evaluate", true);
  }

  @Test
  void stepStoppedAtItsTimeoutKeepsWhatItPrinted() {
    startExecutor("artifacts");
    AttemptOutcome outcome = run(step("slow", "echo 'starting'; sleep 30", 1));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AttemptOutcome.Failed.class,
            failed -> assertThat(failed.reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED));
    assertThat(keptLog("slow")).startsWith("starting\n"); // then the shell's "Killed"
  }

  @Test
  void hugeLogIsKeptBoundedWithItsHeadAndItsLastWords() {
    startExecutor("artifacts");
    // About 2 MiB of output, 32 times the bound, then a last line that explains the end.
    String script =
        "echo first-line; i=0; while [ $i -lt 20000 ]; do"
            + " echo 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';"
            + " i=$((i+1)); done; echo last-words";
    AttemptOutcome outcome = run(step("chatty", script, 60));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    String log = keptLog("chatty");
    assertThat((long) log.length())
        .isLessThanOrEqualTo(MAX_LOG_BYTES + LogCapture.KEPT_TAIL_BYTES + 200);
    assertThat(log)
        .startsWith("first-line\n")
        .contains("[sluice] step log truncated at 65,536 bytes")
        .endsWith("last-words\n");
  }

  @Test
  void secretValuesAreMaskedInTheKeptLog() {
    startExecutor("artifacts");
    String token = "tok-" + UUID.randomUUID();
    AttemptOutcome outcome =
        run(
            step(
                "fetch",
                "echo \"using $API_TOKEN\"; echo \"plain $REGION\"",
                60,
                Map.of("API_TOKEN", token, "REGION", "eu-west-1"),
                List.of()));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(keptLog("fetch")).isEqualTo("using ***\nplain eu-west-1\n").doesNotContain(token);
  }

  @Test
  void logThatCannotBeKeptLeavesTheStepDoneAndIsCounted() {
    startExecutor("no-such-bucket"); // every upload of a log fails
    String outputs = "s3://artifacts/runs/" + run + "/train/1/model/";
    AttemptOutcome outcome =
        run(
            step(
                "train",
                "echo training; echo x > {{outputs.model}}/m",
                60,
                Map.of(),
                List.of(new OutputTarget("model", outputs))));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(logs.failedCount()).isEqualTo(1);
    assertThat(logs.storedCount()).isZero();
    assertThat(TestObjects.read(storage, "artifacts", "runs/" + run + "/train/1/model/m"))
        .isEqualTo("x\n");
  }
}
