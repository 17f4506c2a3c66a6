package io.sluice.launcher.kubernetes;

import static io.sluice.launcher.TestDigests.folderSha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.launcher.LauncherStartup;
import io.sluice.launcher.TestObjects;
import io.sluice.launcher.config.KubernetesConfig;
import io.sluice.launcher.kubernetes.SimulatedKubelet.Script;
import io.sluice.storage.StorageClient;
import io.sluice.storage.quarkus.StorageConfig;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes executor driven through Kafka and S3 as in production, against fabric8's mock API
 * server (CRUD mode: no real cluster can run here) with a {@link SimulatedKubelet} playing the Job
 * controller, scheduler and kubelet. Pods of the RUN script really run: staging against the test
 * kit's S3 through the launcher's own stager, the command through the Job's wrapper.
 */
@QuarkusTest
@TestProfile(KubernetesExecutionIT.KubernetesMode.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class KubernetesExecutionIT {

  static final String NAMESPACE = "ml-steps";
  private static final String TEST_AGENT = "sluice-test-and-simulated-kubelet";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static TestEventBus bus;
  private static SimulatedKubelet kubelet;

  /** The test's own client: its requests carry a user agent that tells them from the launcher's. */
  private static KubernetesClient testClient;

  /** The launcher with the Kubernetes executor and a short pending timeout. */
  public static class KubernetesMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sluice.launcher.executor", "kubernetes",
          "sluice.launcher.kubernetes.namespace", NAMESPACE,
          "sluice.launcher.kubernetes.pending-timeout", "3s",
          "sluice.launcher.recovery-interval", "1h");
    }
  }

  @KubernetesTestServer KubernetesServer server;
  @Inject StorageClient storage;
  @Inject DataSource dataSource;
  @Inject LauncherStartup startup;
  @Inject KubernetesConfig kubernetesConfig;
  @Inject StorageConfig s3Config;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("trainer-launcher", Topics.RUNS);
  }

  @AfterAll
  static void stopAll() throws Exception {
    bus.close();
    if (kubelet != null) {
      kubelet.close();
      kubelet = null;
    }
  }

  @BeforeEach
  void startKubelet() throws Exception {
    if (kubelet == null) {
      var infra = SluiceInfra.get().s3();
      testClient =
          server
              .getKubernetesMockServer()
              .createClient(b -> b.editOrNewConfig().withUserAgent(TEST_AGENT).endConfig());
      kubelet =
          new SimulatedKubelet(
              testClient,
              NAMESPACE,
              Map.of(
                  "SLUICE_S3_ACCESS_KEY",
                  infra.accessKey(),
                  "SLUICE_S3_SECRET_KEY",
                  infra.secretKey()),
              Files.createTempDirectory("kubelet"));
      kubelet.start();
    }
  }

  private static String newRun() {
    return "run-" + UUID.randomUUID();
  }

  private static StepRequested request(
      String run,
      String step,
      String script,
      List<StepInput> inputs,
      List<OutputTarget> outputs,
      Resources resources) {
    return new StepRequested(
        run,
        step,
        1,
        0,
        "ghcr.io/acme/train:1.4",
        null,
        List.of("sh", "-c", script),
        Map.of(),
        inputs,
        outputs,
        resources,
        Instant.now().plus(Duration.ofHours(1)),
        600,
        new RetryPolicy(3, 1, 2.0, 10),
        "f".repeat(64),
        List.of());
  }

  private static StepRequested shell(String run, String step, String script) {
    return request(run, step, script, List.of(), List.of(), new Resources("1", "1Gi", 0, null));
  }

  private static EventEnvelope<StepRequested> send(StepRequested request) throws Exception {
    EventEnvelope<StepRequested> event =
        EventEnvelope.first("orchestrator", request.runId(), null, request);
    bus.send(event);
    return event;
  }

  private static <T extends EventData> T awaitOne(String runId, Class<T> type) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> bus.envelopes(runId, type).stream().map(EventEnvelope::data).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private Job awaitJob(String run, String step) {
    String name = JobNames.of(new io.sluice.launcher.exec.AttemptKey(run, step, 1, 0));
    return await()
        .atMost(PATIENCE)
        .until(
            () -> testClient.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get(),
            j -> j != null);
  }

  private void awaitJobGone(Job job) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                server
                        .getClient()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withName(job.getMetadata().getName())
                        .get()
                    == null);
  }

  @Test
  void gpuStepRunsAsAJobWithRealStagingAndReportsLikeLocalMode_apiServerIsAMock() throws Exception {
    String run = newRun();
    String prefix = "k8s-" + run + "/drop/";
    TestObjects.put(storage, "datasets", prefix + "input.txt", "hello iris\n");
    String outputUri = "s3://artifacts/runs/" + run + "/train/1/result/";
    String script =
        "tr a-z A-Z < \"$SLUICE_INPUT_DATA/input.txt\" > {{outputs.result}}/out.txt"
            + " && printf '{\"accuracy\": 0.93}' > \"$SLUICE_METRICS_FILE\"";
    StepRequested request =
        request(
            run,
            "train",
            script,
            List.of(
                new StepInput(
                    "data", "s3://datasets/" + prefix, folderSha("input.txt", "hello iris\n"))),
            List.of(new OutputTarget("result", outputUri)),
            new Resources("2", "8Gi", 1, "NVIDIA-H200"));
    drainRecordedRequests();

    EventEnvelope<StepRequested> sent = send(request);
    StepDone done = awaitOne(run, StepDone.class);

    StepStarted started = awaitOne(run, StepStarted.class);
    assertThat(started.executor()).isEqualTo("kubernetes");
    assertThat(started.node()).isEqualTo(SimulatedKubelet.NODE);
    assertThat(done.exitCode()).isZero();
    assertThat(done.node()).isEqualTo(SimulatedKubelet.NODE);
    assertThat(done.metrics()).containsEntry("accuracy", 0.93);
    assertThat(done.imageDigest()).isEqualTo(SimulatedKubelet.IMAGE_DIGEST);
    assertThat(done.output("result").orElseThrow().sha256())
        .isEqualTo(folderSha("out.txt", "HELLO IRIS\n"));
    assertThat(TestObjects.read(storage, "artifacts", "runs/" + run + "/train/1/result/out.txt"))
        .isEqualTo("HELLO IRIS\n");
    assertThat(bus.envelopes(run, StepDone.class).get(0).causationId()).isEqualTo(sent.id());
    Job job =
        kubelet.jobs().stream()
            .filter(
                j ->
                    j.getMetadata()
                        .getName()
                        .equals(
                            JobNames.of(
                                new io.sluice.launcher.exec.AttemptKey(run, "train", 1, 0))))
            .findFirst()
            .orElseThrow();
    assertThat(
            job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry("nvidia.com/gpu.product", "NVIDIA-H200");
    awaitJobGone(job);
    Map<String, Integer> calls = launcherApiCalls();
    assertThat(calls).containsEntry("POST jobs", 1).containsEntry("DELETE jobs", 1);
    // No polling: one create, one read of the step's log to keep it (fabric8 looks the pod up
    // once before), one delete (fabric8 reads the Job once after deleting it), and nothing else
    // but the informers' watches, which serve every step at once.
    assertThat(calls.getOrDefault("GET jobs", 0)).isLessThanOrEqualTo(1);
    assertThat(calls.getOrDefault("GET pods", 0)).isLessThanOrEqualTo(1);
    assertThat(calls).containsEntry("GET pod logs", 1);
    assertThat(calls.keySet())
        .allMatch(
            call ->
                call.endsWith("watch")
                    || List.of("POST jobs", "DELETE jobs", "GET jobs", "GET pods", "GET pod logs")
                        .contains(call));
    System.out.println("Kubernetes API calls of the launcher for one successful step: " + calls);
  }

  @Test
  void nonZeroExitFailsWithItsCodeAndUploadsNothing_apiServerIsAMock() throws Exception {
    String run = newRun();
    String outputUri = "s3://artifacts/runs/" + run + "/train/1/result/";
    send(
        request(
            run,
            "train",
            "echo partial > {{outputs.result}}/out.txt; exit 3",
            List.of(),
            List.of(new OutputTarget("result", outputUri)),
            new Resources("1", "1Gi", 0, null)));

    StepFailed failed = awaitOne(run, StepFailed.class);

    assertThat(failed.reason()).isEqualTo(FailureReason.NONZERO_EXIT);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.retryable()).isTrue();
    assertThat(storage.list("artifacts", "runs/" + run + "/"))
        .allMatch(object -> object.key().contains("/_logs/")); // its log at most, no output
  }

  @Test
  void eachFailureKindBecomesItsReason_apiServerIsAMock() throws Exception {
    String run = newRun();
    kubelet.script("pull", Script.IMAGE_NOT_FOUND);
    kubelet.script("oom", Script.OOM_KILLED);
    kubelet.script("nowhere", Script.UNSCHEDULABLE);
    kubelet.script("bad-input", Script.RUN);
    send(shell(run, "pull", "true"));
    send(shell(run, "oom", "true"));
    send(shell(run, "nowhere", "true"));
    send(
        request(
            run,
            "bad-input",
            "true",
            List.of(new StepInput("data", "s3://datasets/nothing-" + run + "/", "0".repeat(64))),
            List.of(),
            new Resources("1", "1Gi", 0, null)));

    Map<String, StepFailed> failures = new java.util.HashMap<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              bus.envelopes(run, StepFailed.class)
                  .forEach(e -> failures.put(e.data().stepName(), e.data()));
              return failures.size() == 4;
            });

    assertThat(failures.get("pull").reason()).isEqualTo(FailureReason.IMAGE_PULL);
    assertThat(failures.get("pull").retryable()).isFalse();
    assertThat(failures.get("pull").message()).contains("not found");
    assertThat(failures.get("oom").reason()).isEqualTo(FailureReason.OOM_KILLED);
    assertThat(failures.get("nowhere").reason()).isEqualTo(FailureReason.UNSCHEDULABLE);
    assertThat(failures.get("nowhere").message()).contains("Insufficient nvidia.com/gpu");
    assertThat(failures.get("bad-input").reason()).isEqualTo(FailureReason.INPUT_MISSING);
    assertThat(failures.get("bad-input").retryable()).isFalse();
    assertThat(bus.envelopes(run, StepStarted.class))
        .extracting(e -> e.data().stepName())
        .doesNotContain("pull", "nowhere", "bad-input");
  }

  @Test
  void forgedRequestsWithImagesOutsideTheAllowListCreateNoJob_apiServerIsAMock() throws Exception {
    String run = newRun();
    kubelet.script("evil", Script.RUN);
    kubelet.script("look-alike", Script.RUN);
    send(withImage(shell(run, "evil", "true"), "registry.evil.example/miner:1", null));
    send(withImage(shell(run, "look-alike", "true"), "ghcr.io/acme.evil.example/train:1", null));
    send(withImage(shell(run, "bad-digest", "true"), "ghcr.io/acme/train:1.4", "sha256:../x"));

    Map<String, StepFailed> failures = new java.util.HashMap<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              bus.envelopes(run, StepFailed.class)
                  .forEach(e -> failures.put(e.data().stepName(), e.data()));
              return failures.size() == 3;
            });

    assertThat(failures.values())
        .allSatisfy(
            failed -> {
              assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
              assertThat(failed.retryable()).isFalse();
              assertThat(failed.message()).contains("is not allowed", "sluice.images.allowed");
            });
    assertThat(failures.get("evil").message()).contains("image 'registry.evil.example/miner:1'");
    assertThat(bus.envelopes(run, StepStarted.class)).isEmpty();
    for (String step : List.of("evil", "look-alike", "bad-digest")) {
      String job = JobNames.of(new io.sluice.launcher.exec.AttemptKey(run, step, 1, 0));
      assertThat(testClient.batch().v1().jobs().inNamespace(NAMESPACE).withName(job).get())
          .as("Job of %s", step)
          .isNull();
    }
  }

  /** {@code request} as a forger might publish it, with another image and digest. */
  private static StepRequested withImage(StepRequested request, String image, String digest) {
    return new StepRequested(
        request.runId(),
        request.stepName(),
        request.attempt(),
        request.shardIndex(),
        image,
        digest,
        request.argv(),
        request.env(),
        request.inputs(),
        request.outputs(),
        request.resources(),
        request.deadline(),
        request.timeoutSeconds(),
        request.retryPolicy(),
        request.cacheKey(),
        request.secretRefs());
  }

  @Test
  void redeliveredRequestCreatesNoSecondJobAndCancelDeletesIt_apiServerIsAMock() throws Exception {
    String run = newRun();
    kubelet.script("hang", Script.HANG);
    StepRequested request = shell(run, "hang", "sleep 600");
    send(request);
    Job job = awaitJob(run, "hang");
    awaitOne(run, StepStarted.class);
    send(request); // a new event id for the same attempt, as a re-sent request would have

    send(shell(run, "sentinel", "true"));
    awaitOne(run, StepDone.class);
    assertThat(kubelet.jobs())
        .filteredOn(j -> j.getMetadata().getName().equals(job.getMetadata().getName()))
        .hasSize(1);
    assertThat(bus.envelopes(run, StepStarted.class))
        .filteredOn(e -> e.data().stepName().equals("hang"))
        .hasSize(1);

    bus.send(
        EventEnvelope.first(
            "orchestrator",
            run,
            null,
            new StepCancelRequested(run, "hang", 1, 0, "run cancelled by test")));
    StepFailed failed = awaitOne(run, StepFailed.class);
    assertThat(failed.reason()).isEqualTo(FailureReason.CANCELLED);
    awaitJobGone(job);
  }

  @Test
  void restartedLauncherReattachesToAJobOfADeadLauncherAndReportsItOnce_apiServerIsAMock()
      throws Exception {
    String run = newRun();
    kubelet.script("orphan", Script.HANG);
    StepRequested request = shell(run, "orphan", "true");
    EventEnvelope<StepRequested> event = EventEnvelope.first("orchestrator", run, null, request);
    insertStartedByDeadLauncher(event, "dead-launcher-" + UUID.randomUUID());
    KubernetesSettings settings =
        KubernetesExecutors.settings(kubernetesConfig, s3Config, NAMESPACE);
    testClient.resource(JobSpecs.forStep(request, settings, Instant.now())).create();
    Job job = awaitJob(run, "orphan");

    assertThat(startup.recoverLostAttempts()).isEqualTo(1);
    assertThat(startup.recoverLostAttempts()).isZero(); // adopted: its owner is alive now
    kubelet.script("orphan", Script.RUN);
    completeForReal(job);

    StepDone done = awaitOne(run, StepDone.class);
    assertThat(done.node()).isEqualTo(SimulatedKubelet.NODE);
    send(shell(run, "sentinel", "true"));
    await().atMost(PATIENCE).until(() -> bus.envelopes(run, StepDone.class).size() == 2);
    assertThat(bus.envelopes(run, StepDone.class))
        .filteredOn(e -> e.data().stepName().equals("orphan"))
        .hasSize(1);
    assertThat(bus.envelopes(run, StepFailed.class)).isEmpty();
    assertThat(
            bus.envelopes(run, StepDone.class).stream()
                .filter(e -> e.data().stepName().equals("orphan"))
                .findFirst()
                .orElseThrow()
                .causationId())
        .isEqualTo(event.id());
  }

  /** Marks the hanging pod's step as exited 0 and uploaded, and the Job complete. */
  private void completeForReal(Job job) throws Exception {
    var client = testClient;
    var pod =
        client
            .pods()
            .inNamespace(NAMESPACE)
            .withLabel("sluice.io/job", job.getMetadata().getName())
            .list()
            .getItems()
            .get(0);
    TestObjects.put(
        storage,
        "artifacts",
        "_sluice/results/" + job.getMetadata().getName() + ".json",
        "{\"outputs\":[],\"metrics\":{},\"exitCode\":0}");
    pod.getStatus().setPhase("Succeeded");
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("step")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(0)
                    .endTerminated()
                    .endState()
                    .build(),
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("stage-out")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(0)
                    .endTerminated()
                    .endState()
                    .build()));
    client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
  }

  private void insertStartedByDeadLauncher(EventEnvelope<StepRequested> event, String owner)
      throws Exception {
    StepRequested request = event.data();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO launcher_attempts (run_id, step_name, attempt, shard_index, state, owner, executor, node,"
                    + " correlation_id, cause_event_id, traceparent, started_at, start_reported, request)"
                    + " VALUES (?, ?, 1, 0, 'STARTED', ?, 'kubernetes', 'namespace/ml-steps', ?, ?, null, ?, false, ?)")) {
      insert.setString(1, request.runId());
      insert.setString(2, request.stepName());
      insert.setString(3, owner);
      insert.setString(4, event.correlationId());
      insert.setString(5, event.id());
      insert.setTimestamp(6, Timestamp.from(Instant.now()));
      insert.setString(7, Json.mapper().writeValueAsString(request));
      insert.executeUpdate();
    }
  }

  private void drainRecordedRequests() throws InterruptedException {
    while (server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // forget what happened before the measured step
    }
  }

  /** The launcher's own requests since the last drain, as "METHOD kind[ watch]" counts. */
  private Map<String, Integer> launcherApiCalls() throws InterruptedException {
    Map<String, Integer> calls = new java.util.TreeMap<>();
    RecordedRequest request;
    List<String> seen = new ArrayList<>();
    while ((request = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS))
        != null) {
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(TEST_AGENT)) {
        continue;
      }
      String path = request.getPath();
      String kind =
          path.contains("/log")
              ? "pod logs"
              : path.contains("/pods") ? "pods" : path.contains("/jobs") ? "jobs" : path;
      String call =
          request.getMethod() + " " + kind + (path.contains("watch=true") ? " watch" : "");
      seen.add(call + " " + path);
      calls.merge(call, 1, Integer::sum);
    }
    System.out.println("launcher requests: " + seen);
    return calls;
  }
}
