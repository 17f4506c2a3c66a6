package io.sluice.launcher.kubernetes;

import static io.sluice.launcher.kubernetes.KubernetesFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.Scheduling;
import io.sluice.events.SecretRef;
import io.sluice.events.StepRequested;
import io.sluice.events.StepToleration;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.step.StepFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecsTest {

  private static Job gpuJob() throws StepFailure {
    return JobSpecs.forStep(KubernetesFixtures.gpuStep(), KubernetesFixtures.settings(), NOW);
  }

  private static Container container(Job job, String name) {
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseGet(() -> pod.getInitContainers().get(0));
  }

  @Test
  void gpuStepGetsGpuLimitNodeSelectorAndToleration() throws Exception {
    Job job = gpuJob();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container step = container(job, JobSpecs.STEP);

    assertThat(step.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("2"))
        .containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("16Gi"));
    assertThat(step.getResources().getRequests())
        .containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("16Gi"))
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(pod.getNodeSelector())
        .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")
        .containsEntry("pool", "training");
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("dedicated", "Equal", "NoExecute"),
            org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
  }

  @Test
  void cpuStepGetsNoGpuNoGpuTolerationAndNoGpuSelector() throws Exception {
    StepRequested cpu =
        KubernetesFixtures.request(
            "split", new Resources("1", "1Gi", 0, null), NOW.plusSeconds(7200));
    Job job = JobSpecs.forStep(cpu, KubernetesFixtures.settings(), NOW);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(container(job, JobSpecs.STEP).getResources().getLimits())
        .doesNotContainKey("nvidia.com/gpu");
    assertThat(pod.getNodeSelector()).containsOnlyKeys("pool");
    assertThat(pod.getTolerations()).extracting(Toleration::getKey).containsExactly("dedicated");
  }

  @Test
  void jobCarriesLabelsDeadlineTtlNoRetriesPullSecretAndServiceAccount() throws Exception {
    Job job = gpuJob();
    Map<String, String> labels = job.getMetadata().getLabels();

    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml-steps");
    assertThat(labels)
        .containsEntry("app.kubernetes.io/managed-by", "sluice-trainer-launcher")
        .containsEntry("app.kubernetes.io/part-of", "sluice")
        .containsEntry("app.kubernetes.io/name", "sluice-step")
        .containsEntry("sluice.io/run", "run-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        .containsEntry("sluice.io/step", "train")
        .containsEntry("sluice.io/attempt", "2");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("sluice.io/job", job.getMetadata().getName())
        .containsEntry("sluice.io/run", labels.get("sluice.io/run"));
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600 + 600);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(job.getSpec().getSuspend()).isNull();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getServiceAccountName()).isEqualTo("sluice-steps");
    assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("registry-pull");
  }

  @Test
  void deadlineNeverPassesTheRunsDeadline() throws Exception {
    StepRequested soon =
        KubernetesFixtures.request(
            "train", new Resources("1", "1Gi", 0, null), NOW.plusSeconds(90));
    Job job = JobSpecs.forStep(soon, KubernetesFixtures.settings(), NOW);

    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90);
  }

  @Test
  void stepRunsItsImageByDigestWithPlaceholdersResolvedToTheSharedFolder() throws Exception {
    Container step = container(gpuJob(), JobSpecs.STEP);

    assertThat(step.getImage()).isEqualTo("ghcr.io/acme/train:1.4@sha256:" + "a".repeat(64));
    assertThat(step.getCommand()).containsExactly("/bin/sh", "-c", JobSpecs.WRAPPER, "sluice-step");
    assertThat(step.getArgs())
        .containsExactly(
            "python",
            "train.py",
            "--data",
            "/sluice/inputs/data/iris.csv",
            "--out=/sluice/outputs/model");
    assertThat(step.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("EPOCHS", "20"),
            org.assertj.core.groups.Tuple.tuple("SLUICE_INPUT_DATA", "/sluice/inputs/data"),
            org.assertj.core.groups.Tuple.tuple("SLUICE_OUTPUT_MODEL", "/sluice/outputs/model"),
            org.assertj.core.groups.Tuple.tuple("SLUICE_METRICS_FILE", "/sluice/metrics.json"));
  }

  @Test
  void secretsAreReferencesAndStoreCredentialsReachOnlyTheStagers() throws Exception {
    Job job = gpuJob();
    Container step = container(job, JobSpecs.STEP);
    EnvVar wandb =
        step.getEnv().stream()
            .filter(e -> e.getName().equals("WANDB_API_KEY"))
            .findFirst()
            .orElseThrow();

    assertThat(wandb.getValue()).isNull();
    assertThat(wandb.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wandb");
    assertThat(step.getEnv()).extracting(EnvVar::getName).noneMatch(n -> n.startsWith("SLUICE_S3"));
    for (String stager : List.of(JobSpecs.STAGE_IN, JobSpecs.STAGE_OUT)) {
      EnvVar secretKey =
          container(job, stager).getEnv().stream()
              .filter(e -> e.getName().equals("SLUICE_S3_SECRET_KEY"))
              .findFirst()
              .orElseThrow();
      assertThat(secretKey.getValue()).isNull();
      assertThat(secretKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sluice-s3");
      assertThat(secretKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret-key");
    }
    assertThat(Serialization.asYaml(job)).doesNotContainIgnoringCase("minioadmin");
  }

  private static Job jobWithFileSecrets() throws StepFailure {
    StepRequested request =
        KubernetesFixtures.withSecrets(
            KubernetesFixtures.gpuStep(),
            List.of(
                new SecretRef("db-creds", "password", "DB_PASSWORD"),
                SecretRef.asFile("tls", "ca.crt", "ca.pem"),
                SecretRef.asFile("tls", "tls.key", "client.key"),
                SecretRef.asFile("hf", "token", "hf-token")));
    return JobSpecs.forStep(request, KubernetesFixtures.settings(), NOW);
  }

  @Test
  void fileSecretsAreOneReadOnlyVolumeMountedIntoTheStepOnly() throws Exception {
    Job job = jobWithFileSecrets();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container step = container(job, JobSpecs.STEP);

    Volume secrets =
        pod.getVolumes().stream()
            .filter(volume -> volume.getProjected() != null)
            .reduce(
                (a, b) -> {
                  throw new AssertionError("two projected volumes");
                })
            .orElseThrow();
    assertThat(secrets.getProjected().getDefaultMode()).isEqualTo(0444);
    assertThat(secrets.getProjected().getSources())
        .extracting(source -> source.getSecret().getName())
        .containsExactly("tls", "hf");
    assertThat(secrets.getProjected().getSources().get(0).getSecret().getItems())
        .extracting(KeyToPath::getKey, KeyToPath::getPath)
        .containsExactly(tuple("ca.crt", "ca.pem"), tuple("tls.key", "client.key"));
    assertThat(secrets.getProjected().getSources().get(1).getSecret().getItems())
        .extracting(KeyToPath::getKey, KeyToPath::getPath)
        .containsExactly(tuple("token", "hf-token"));
    assertThat(step.getVolumeMounts())
        .filteredOn(mount -> mount.getName().equals(secrets.getName()))
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo(JobSpecs.SECRETS_DIR);
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(step.getEnv())
        .contains(new EnvVar("SLUICE_SECRETS_DIR", JobSpecs.SECRETS_DIR, null))
        .extracting(EnvVar::getName)
        .containsOnlyOnce("DB_PASSWORD")
        .doesNotContain("ca.pem", "client.key", "hf-token");
    for (String stager : List.of(JobSpecs.STAGE_IN, JobSpecs.STAGE_OUT)) {
      assertThat(container(job, stager).getVolumeMounts())
          .extracting("name")
          .doesNotContain(secrets.getName());
    }
    assertThat(TypedModel.roundTrip(job, Job.class)).isEqualTo(job);
  }

  @Test
  void withoutFileSecretsTheStepHasNoSecretsFolder() throws Exception {
    Job job = gpuJob();

    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .allSatisfy(volume -> assertThat(volume.getProjected()).isNull());
    assertThat(container(job, JobSpecs.STEP).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("SLUICE_SECRETS_DIR");
  }

  @Test
  void aStoreBehindAPrivateCaIsTrustedByTheStagersOnly() throws Exception {
    Job job =
        JobSpecs.forStep(
            KubernetesFixtures.gpuStep(),
            KubernetesFixtures.settingsTrustingStoreCa("minio-ca"),
            NOW);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getSecret().getSecretName()).isEqualTo("minio-ca");
              assertThat(volume.getSecret().getItems()).extracting("key").containsExactly("ca.crt");
            });
    for (String stager : List.of(JobSpecs.STAGE_IN, JobSpecs.STAGE_OUT)) {
      Container container = container(job, stager);
      assertThat(container.getEnv())
          .contains(new EnvVar("SLUICE_S3_TRUST_CERTIFICATES", "/etc/sluice/s3-tls/ca.crt", null));
      assertThat(container.getVolumeMounts())
          .filteredOn(mount -> mount.getMountPath().equals("/etc/sluice/s3-tls"))
          .singleElement()
          .satisfies(mount -> assertThat(mount.getReadOnly()).isTrue());
    }
    assertThat(container(job, JobSpecs.STEP).getVolumeMounts())
        .extracting("mountPath")
        .containsExactly("/sluice");
  }

  @Test
  void withoutAPrivateCaNothingIsMountedForIt() throws Exception {
    Job job = gpuJob();

    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .allSatisfy(volume -> assertThat(volume.getSecret()).isNull())
        .isNotEmpty();
    assertThat(container(job, JobSpecs.STAGE_IN).getEnv())
        .extracting(EnvVar::getName)
        .contains("SLUICE_S3_ENDPOINT")
        .doesNotContain("SLUICE_S3_TRUST_CERTIFICATES");
  }

  @Test
  void stagersNameFilesInUtf8SoNonAsciiKeysCanBeStaged() throws Exception {
    Job job = gpuJob();

    for (Container stager :
        List.of(container(job, JobSpecs.STAGE_IN), container(job, JobSpecs.STAGE_OUT))) {
      assertThat(stager.getEnv()).contains(new EnvVar("LANG", "C.UTF-8", null));
    }
  }

  @Test
  void stagersAreHardenedAndShareOneFolderWithTheStep() throws Exception {
    Job job = gpuJob();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container stageIn = pod.getInitContainers().get(0);
    Container stageOut = container(job, JobSpecs.STAGE_OUT);

    assertThat(stageIn.getName()).isEqualTo(JobSpecs.STAGE_IN);
    assertThat(stageIn.getArgs()).containsExactly("stage-in");
    assertThat(stageOut.getArgs()).containsExactly("stage-out");
    for (Container stager : List.of(stageIn, stageOut)) {
      assertThat(stager.getImage()).isEqualTo("registry.local/sluice/trainer-launcher:1.0");
      assertThat(stager.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(stager.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(stager.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(stager.getVolumeMounts()).extracting("mountPath").contains("/sluice", "/tmp");
    }
    assertThat(container(job, JobSpecs.STEP).getVolumeMounts())
        .extracting("mountPath")
        .containsExactly("/sluice");
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isNull(); // an account was chosen
  }

  @Test
  void stepsOwnSchedulingAddsToTheClustersAndNamesItsQueue() throws Exception {
    StepRequested own =
        KubernetesFixtures.scheduled(
            KubernetesFixtures.gpuStep(),
            new Scheduling(
                "vision-gpus",
                5,
                Map.of("disktype", "nvme"),
                List.of(new StepToleration("dedicated", null, "NoSchedule"))));

    Job job = JobSpecs.forStep(own, KubernetesFixtures.settings(true), NOW);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector())
        .containsEntry("pool", "training")
        .containsEntry("disktype", "nvme")
        .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
        .contains(org.assertj.core.groups.Tuple.tuple("dedicated", "Exists", "NoSchedule"))
        .hasSize(3);
    assertThat(job.getMetadata().getLabels())
        .containsEntry("kueue.x-k8s.io/queue-name", "vision-gpus")
        .containsEntry("sluice.io/queue", "vision-gpus");
  }

  @Test
  void kueueJobIsSuspendedAndCarriesTheQueueLabel() throws Exception {
    Job job =
        JobSpecs.forStep(KubernetesFixtures.gpuStep(), KubernetesFixtures.settings(true), NOW);

    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("kueue.x-k8s.io/queue-name");
  }

  @Test
  void everyBuiltJobParsesIntoTheTypedModelWithNoUnknownField() throws Exception {
    Job job = gpuJob();

    Job parsed = TypedModel.roundTrip(job, Job.class);

    assertThat(parsed).isEqualTo(job);
  }

  @Test
  void typedModelCheckCatchesAnInventedField() throws Exception {
    Job job = gpuJob();
    job.getSpec().setAdditionalProperty("backofLimit", 0);

    assertThatThrownBy(() -> TypedModel.roundTrip(job, Job.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("backofLimit");
  }

  @Test
  void sameAttemptSameNameAndNamesAreValidDnsLabels() {
    AttemptKey key = new AttemptKey("run-1", "Train_Model.v2-", 1, 0);
    String longStep = "a".repeat(200);

    assertThat(JobNames.of(key))
        .isEqualTo(JobNames.of(new AttemptKey("run-1", "Train_Model.v2-", 1, 0)));
    assertThat(JobNames.of(key))
        .isNotEqualTo(JobNames.of(new AttemptKey("run-1", "Train_Model.v2-", 2, 0)));
    assertThat(JobNames.of(key))
        .isNotEqualTo(JobNames.of(new AttemptKey("run-2", "Train_Model.v2-", 1, 0)));
    for (String name :
        List.of(JobNames.of(key), JobNames.of(new AttemptKey("r", longStep, 9, 3)))) {
      assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
    }
  }

  @Test
  void argvNamingAnUnknownFolderIsAnInvalidRequest() {
    StepRequested request = KubernetesFixtures.gpuStep();
    StepRequested bad =
        new StepRequested(
            request.runId(),
            request.stepName(),
            1,
            0,
            request.image(),
            null,
            List.of("train", "{{outputs.nope}}"),
            Map.of(),
            request.inputs(),
            request.outputs(),
            request.resources(),
            request.deadline(),
            60,
            request.retryPolicy(),
            request.cacheKey(),
            List.of());

    assertThatThrownBy(() -> JobSpecs.forStep(bad, KubernetesFixtures.settings(), NOW))
        .isInstanceOfSatisfying(
            StepFailure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.INVALID_REQUEST))
        .hasMessageContaining("outputs.nope");
  }

  @Test
  void malformedTolerationIsRefusedWithItsText() {
    assertThatThrownBy(() -> Taints.tolerating(List.of("nvidia.com/gpu")))
        .hasMessageContaining("'nvidia.com/gpu'")
        .hasMessageContaining("key[=value]:Effect");
    assertThatThrownBy(() -> Taints.tolerating(List.of("gpu:Sometimes")))
        .hasMessageContaining("Effect");
  }

  @Test
  void imageWithADigestAlreadyIsLeftAsItIs() {
    StepRequested request = KubernetesFixtures.gpuStep();
    StepRequested pinned =
        new StepRequested(
            request.runId(),
            request.stepName(),
            1,
            0,
            "ghcr.io/acme/train@sha256:" + "d".repeat(64),
            "sha256:" + "d".repeat(64),
            request.argv(),
            Map.of(),
            request.inputs(),
            request.outputs(),
            request.resources(),
            Instant.MAX,
            60,
            request.retryPolicy(),
            request.cacheKey(),
            List.of());

    assertThat(JobSpecs.imageOf(pinned)).isEqualTo("ghcr.io/acme/train@sha256:" + "d".repeat(64));
  }
}
