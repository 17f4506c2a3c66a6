package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.sluice.events.Json;
import io.sluice.events.Resources;
import io.sluice.events.SecretRef;
import io.sluice.events.StepRequested;
import io.sluice.launcher.TestObjects;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.local.LogCapture;
import io.sluice.launcher.stager.StepResult;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import io.sluice.testkit.EmbeddedS3;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ended Kubernetes attempt's step container log is read from the API server before its Job is
 * deleted and kept in the artifact store (the test kit's real S3) before the outcome is reported.
 * The API server is fabric8's mock in mixed mode: objects in CRUD mode, the log endpoint as a
 * recorded expectation.
 */
class KubernetesStepLogsTest {

  private static final long MAX_LOG_BYTES = 4096;
  private static EmbeddedS3 s3;
  private static StorageClient storage;

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          responses,
          new KubernetesMixedDispatcher(responses),
          false);
  private KubernetesClient client;
  private KubernetesExecutor executor;
  private final AtomicReference<Boolean> logKeptBeforeReport = new AtomicReference<>();

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
    if (client != null) {
      client.close();
    }
    server.destroy();
  }

  private static final String TOKEN = "tok-" + java.util.UUID.randomUUID();

  /** A step without secretRefs whose variable API_TOKEN holds a value to mask. */
  private static StepRequested request(String step) {
    StepRequested r =
        KubernetesFixtures.request(
            step, new Resources("1", "2Gi", 0, null), Instant.now().plusSeconds(3600));
    return new StepRequested(
        r.runId(),
        r.stepName(),
        r.attempt(),
        r.shardIndex(),
        r.image(),
        r.imageDigest(),
        r.argv(),
        Map.of("EPOCHS", "20", "API_TOKEN", TOKEN),
        r.inputs(),
        r.outputs(),
        r.resources(),
        r.deadline(),
        r.timeoutSeconds(),
        r.retryPolicy(),
        r.cacheKey(),
        List.of(),
        r.scheduling());
  }

  private static String logKey(StepRequested request) {
    return "runs/"
        + request.runId()
        + "/"
        + request.stepName()
        + "/"
        + request.attempt()
        + "/_logs/step.log";
  }

  @Test
  void succeededStepsLogIsKeptBeforeItsJobIsDeletedAndItsOutcomeReported_apiServerIsAMock()
      throws Exception {
    StepRequested request = request("train");
    String job = JobNames.of(AttemptKey.of(request));
    TestObjects.put(
        storage,
        "artifacts",
        "_sluice/results/" + job + ".json",
        Json.mapper().writeValueAsString(new StepResult(List.of(), Map.of("accuracy", 0.9), 0)));

    AttemptOutcome outcome =
        run(
            request,
            "epoch 1/2\nepoch 2/2\nsaved model\n",
            KubeletStates.terminated("stage-out", 0, null, null));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Succeeded.class);
    assertThat(TestObjects.read(storage, "artifacts", logKey(request)))
        .isEqualTo("epoch 1/2\nepoch 2/2\nsaved model\n");
    assertThat(logKeptBeforeReport.get()).isTrue();
  }

  @Test
  void failedStepsLogIsKeptBoundedAndMasked_apiServerIsAMock() {
    StepRequested request = request("evaluate");
    StringBuilder log = new StringBuilder("first line, token " + TOKEN + "\n");
    while (log.length() < 100 * 1024) { // past the bound and the kept tail together
      log.append("evaluating row after row after row after row\n");
    }
    log.append("ValueError: no column 'species'\n");

    AttemptOutcome outcome =
        run(request, log.toString(), KubeletStates.running("stage-out", Instant.now()));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Failed.class);
    String kept = TestObjects.read(storage, "artifacts", logKey(request));
    assertThat(kept)
        .startsWith("first line, token ***\n")
        .contains("[sluice] step log truncated at 4,096 bytes")
        .endsWith("ValueError: no column 'species'\n")
        .doesNotContain(TOKEN);
    assertThat((long) kept.length())
        .isLessThanOrEqualTo(MAX_LOG_BYTES + LogCapture.KEPT_TAIL_BYTES + 200)
        .isLessThan(log.length());
  }

  /** The launcher cannot mask values it never reads: such a step's log stays in the cluster. */
  @Test
  void stepWithSecretsKeepsOnlyANoteSayingWhereItsLogIs_apiServerIsAMock() {
    StepRequested request =
        KubernetesFixtures.request(
            "fetch", new Resources("1", "2Gi", 0, null), Instant.now().plusSeconds(3600));
    assertThat(request.secretRefs()).extracting(SecretRef::secretName).isNotEmpty();

    run(request, "password is hunter2\n", KubeletStates.running("stage-out", Instant.now()));

    assertThat(TestObjects.read(storage, "artifacts", logKey(request)))
        .startsWith("[sluice] log withheld: the step gets secrets")
        .contains("kubectl logs")
        .doesNotContain("hunter2");
  }

  /**
   * Runs {@code request}: its pod's step container ends (exit 0 with {@code stageOut} terminated 0,
   * else exit 1) having printed {@code log}.
   */
  private AttemptOutcome run(StepRequested request, String log, ContainerStatus stageOut) {
    server.init();
    client = server.createClient();
    AtomicReference<AttemptOutcome> outcome = new AtomicReference<>();
    executor =
        new KubernetesExecutor(
            client,
            KubernetesFixtures.settings(),
            new KubernetesPolicy(Duration.ofMinutes(10), true, 0, 8192, Duration.ofSeconds(10), 3),
            new StepResults(new ObjectStore(storage)),
            StepLogStore.in(new ObjectStore(storage), "artifacts"),
            MAX_LOG_BYTES,
            Clock.systemUTC());
    executor.start();
    String job = JobNames.of(AttemptKey.of(request));
    String pod = job + "-abcde";
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/ml-steps/pods/" + pod + "/log?pretty=false&container=step")
        .andReturn(200, log)
        .always();
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/ml-steps/pods/"
                + pod
                + "/log?pretty=false&container=step&tailLines=200")
        .andReturn(200, log)
        .always();

    executor.launch(
        request,
        new Executor.AttemptListener() {
          @Override
          public void ended(StepRequested ended, AttemptOutcome result) {
            logKeptBeforeReport.set(!storage.list("artifacts", logKey(request)).isEmpty());
            outcome.set(result);
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> jobIn(job) != null);
    boolean succeeded = stageOut.getState().getTerminated() != null;
    Job created = jobIn(job);
    Pod ended =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace("ml-steps")
            .withLabels(created.getSpec().getTemplate().getMetadata().getLabels())
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(created.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase(succeeded ? "Succeeded" : "Running")
            .withInitContainerStatuses(KubeletStates.terminated("stage-in", 0, null, null))
            .withContainerStatuses(
                KubeletStates.terminated("step", succeeded ? 0 : 1, null, null), stageOut)
            .endStatus()
            .build();
    client.resource(ended).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome.get() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobIn(job) == null);
    return outcome.get();
  }

  private Job jobIn(String name) {
    return client.batch().v1().jobs().inNamespace("ml-steps").withName(name).get();
  }
}
