package io.sluice.launcher.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sluice.events.Json;
import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.Scheduling;
import io.sluice.events.SecretRef;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.stager.StagingPlan;
import io.sluice.launcher.step.Placeholders;
import io.sluice.launcher.step.StagingLayout;
import io.sluice.launcher.step.StepEnvironment;
import io.sluice.launcher.step.StepFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Job of one step attempt: a pure function of the request, the cluster-wide settings and
 * the time (for the deadline). It uses fabric8's model classes only, never a client.
 *
 * <p>The pod has three containers sharing an {@code emptyDir} at {@code /sluice}: the init
 * container {@code stage-in} downloads and verifies the inputs; {@code step} runs the user's
 * command through a small {@code /bin/sh} wrapper that records its exit code; {@code stage-out}
 * waits for that code and, only when it is 0, uploads the outputs and writes the result. Only the
 * stagers get the store credentials, from a Secret.
 */
public final class JobSpecs {

  /** Labels every object the launcher creates carries; its informers select on this one. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "sluice-trainer-launcher";
  public static final String RUN_LABEL = "sluice.io/run";
  public static final String STEP_LABEL = "sluice.io/step";
  public static final String ATTEMPT_LABEL = "sluice.io/attempt";
  public static final String SHARD_LABEL = "sluice.io/shard";
  public static final String JOB_LABEL = "sluice.io/job";
  public static final String QUEUE_LABEL = "sluice.io/queue";
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
  public static final String STAGE_IN = "stage-in";
  public static final String STEP = "step";
  public static final String STAGE_OUT = "stage-out";

  /**
   * Runs the command (its argv follows as "$@"), forwards a termination signal to it, and writes
   * its exit code where stage-out waits for it. The only thing a step image must have is /bin/sh.
   */
  static final String WRAPPER =
      "\"$@\" & child=$!\n"
          + "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT\n"
          + "wait \"$child\"; code=$?\n"
          + "if kill -0 \"$child\" 2>/dev/null; then wait \"$child\"; code=$?; fi\n"
          + "printf '%s' \"$code\" > /sluice/status/exit-code.tmp"
          + " && mv /sluice/status/exit-code.tmp /sluice/status/exit-code\n"
          + "exit \"$code\"\n";

  private static final String WORK_VOLUME = "sluice-work";
  private static final String TMP_VOLUME = "sluice-tmp";
  private static final String S3_CA_VOLUME = "sluice-s3-ca";
  private static final String SECRETS_VOLUME = "sluice-secrets";

  /**
   * 0444, read-only: the files are root's (no fsGroup is set) and the step's image may run as any
   * user, so owner-only would lock most images out; only the step container mounts the volume.
   */
  static final int SECRET_FILE_MODE = 0444;

  /** Where the step container finds its secret files ({@code SLUICE_SECRETS_DIR}). */
  public static final String SECRETS_DIR = "/var/run/sluice/secrets";

  /** Where stagers find the store's CA bundle, when one is configured. */
  static final String S3_CA_DIR = "/etc/sluice/s3-tls";

  private JobSpecs() {}

  /**
   * The Job for {@code request}; fails with {@code INVALID_REQUEST} when its argv names a folder
   * the step does not have.
   */
  public static Job forStep(StepRequested request, KubernetesSettings settings, Instant now)
      throws StepFailure {
    AttemptKey key = AttemptKey.of(request);
    String name = JobNames.of(key);
    String queue = queueOf(request, settings);
    Map<String, String> labels = labels(key, name, queue, settings);
    return new JobBuilder()
        .withMetadata(metadata(name, settings.namespace(), labels, request))
        .withNewSpec()
        .withBackoffLimit(0) // the orchestrator owns retries
        .withActiveDeadlineSeconds(deadlineSeconds(request, settings, now))
        .withTtlSecondsAfterFinished(settings.ttlSecondsAfterFinished())
        .withSuspend(settings.kueue() ? Boolean.TRUE : null)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(labels, name))
        .endMetadata()
        .withSpec(podSpec(request, settings, name))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The step's own queue, else the launcher's default one. */
  public static String queueOf(StepRequested request, KubernetesSettings settings) {
    Scheduling scheduling = request.scheduling();
    return scheduling == null || scheduling.queue() == null
        ? settings.defaultQueue()
        : scheduling.queue();
  }

  private static ObjectMeta metadata(
      String name, String namespace, Map<String, String> labels, StepRequested request) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(RUN_LABEL, request.runId());
    annotations.put(STEP_LABEL, request.stepName());
    annotations.put("sluice.io/cache-key", request.cacheKey());
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  private static Map<String, String> labels(
      AttemptKey key, String name, String queue, KubernetesSettings settings) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "sluice-step");
    labels.put("app.kubernetes.io/instance", name);
    labels.put("app.kubernetes.io/component", "step");
    labels.put("app.kubernetes.io/part-of", "sluice");
    labels.put(MANAGED_BY, MANAGER);
    labels.put(RUN_LABEL, JobNames.labelValue(key.runId()));
    labels.put(STEP_LABEL, JobNames.labelValue(key.stepName()));
    labels.put(ATTEMPT_LABEL, Integer.toString(key.attempt()));
    labels.put(SHARD_LABEL, Integer.toString(key.shardIndex()));
    labels.put(QUEUE_LABEL, JobNames.labelValue(queue));
    if (settings.kueue()) {
      labels.put(KUEUE_QUEUE_LABEL, queue);
    }
    return labels;
  }

  private static Map<String, String> podLabels(Map<String, String> jobLabels, String name) {
    Map<String, String> labels = new LinkedHashMap<>(jobLabels);
    labels.remove(KUEUE_QUEUE_LABEL); // Kueue admits the Job, not its pods
    labels.put(JOB_LABEL, name);
    return labels;
  }

  /** The step's own timeout plus staging, never past the request's deadline, at least 1 s. */
  static long deadlineSeconds(StepRequested request, KubernetesSettings settings, Instant now) {
    long withStaging = request.timeoutSeconds() + settings.stagingAllowance().toSeconds();
    long toDeadline = Duration.between(now, request.deadline()).toSeconds();
    return Math.max(1, Math.min(withStaging, toDeadline));
  }

  private static PodSpec podSpec(StepRequested request, KubernetesSettings settings, String name)
      throws StepFailure {
    Resources resources = request.resources();
    boolean gpu = resources.gpuCount() > 0;
    Map<String, String> nodeSelector = new LinkedHashMap<>(settings.nodeSelector());
    if (gpu && resources.gpuType() != null) {
      nodeSelector.put(settings.gpuProductLabel(), resources.gpuType());
    }
    List<Toleration> tolerations = new ArrayList<>(settings.tolerations());
    if (gpu) {
      tolerations.addAll(settings.gpuTolerations());
    }
    Scheduling scheduling = request.scheduling();
    if (scheduling != null) {
      nodeSelector.putAll(scheduling.nodeSelector());
      scheduling.tolerations().forEach(t -> tolerations.add(Taints.tolerating(t)));
    }
    StagingPlan plan = plan(request, settings, name);
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withServiceAccountName(settings.serviceAccount().orElse(null))
        // Steps need no Kubernetes API; without a chosen account they get no token at all.
        .withAutomountServiceAccountToken(settings.serviceAccount().isPresent() ? null : false)
        .withImagePullSecrets(
            settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
        .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
        .withTolerations(tolerations.isEmpty() ? null : tolerations)
        .withAffinity(settings.affinity().orElse(null))
        .withNewSecurityContext()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withInitContainers(stager(STAGE_IN, plan, settings))
        .withContainers(stepContainer(request, settings), stager(STAGE_OUT, plan, settings))
        .withVolumes(volumes(request, settings))
        .build();
  }

  private static StagingPlan plan(StepRequested request, KubernetesSettings settings, String name) {
    return new StagingPlan(
        request.inputs(), request.outputs(), resultUri(settings, name), request.datasetSchema());
  }

  /** Where stage-out writes the result of the attempt whose Job is {@code jobName}. */
  public static String resultUri(KubernetesSettings settings, String jobName) {
    String prefix = settings.resultsUri();
    return (prefix.endsWith("/") ? prefix : prefix + "/") + jobName + ".json";
  }

  private static Container stepContainer(StepRequested request, KubernetesSettings settings)
      throws StepFailure {
    StagingLayout layout = StagingLayout.inPod();
    Map<String, Path> inputs = new LinkedHashMap<>();
    request.inputs().stream().map(StepInput::name).forEach(n -> inputs.put(n, layout.input(n)));
    Map<String, Path> outputs = new LinkedHashMap<>();
    request.outputs().stream()
        .map(OutputTarget::name)
        .forEach(n -> outputs.put(n, layout.output(n)));
    List<String> argv = new Placeholders(inputs, outputs).substitute(request.argv());
    List<String> command = List.of("/bin/sh", "-c", WRAPPER, "sluice-step");
    return new ContainerBuilder()
        .withName(STEP)
        .withImage(imageOf(request))
        .withCommand(command)
        .withArgs(argv)
        .withEnv(stepEnv(request, inputs, outputs, layout))
        .withResources(stepResources(request.resources(), settings))
        .withVolumeMounts(stepMounts(request))
        .withSecurityContext(
            new SecurityContextBuilder().withAllowPrivilegeEscalation(false).build())
        .build();
  }

  /** The image by digest when the request knows it, so what runs is exactly what was asked. */
  public static String imageOf(StepRequested request) {
    String digest = request.imageDigest();
    if (digest == null || request.image().contains("@")) {
      return request.image();
    }
    return request.image() + "@" + digest;
  }

  private static List<EnvVar> stepEnv(
      StepRequested request,
      Map<String, Path> inputs,
      Map<String, Path> outputs,
      StagingLayout layout) {
    StepEnvironment contract = StepEnvironment.inheriting(Map.of()).with(request.env());
    inputs.forEach(contract::input);
    outputs.forEach(contract::output);
    contract.metricsFile(layout.metricsFile());
    if (request.datasetSchema() != null) {
      contract.datasetSchema(layout.datasetSchemaFile()); // written there by stage-in
    }
    if (request.secretRefs().stream().anyMatch(ref -> ref.file() != null)) {
      contract.secretsDir(Path.of(SECRETS_DIR));
    }
    List<EnvVar> env = new ArrayList<>();
    contract.toMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.add(new EnvVar(e.getKey(), e.getValue(), null)));
    for (SecretRef ref : request.secretRefs()) {
      if (ref.envVar() == null) {
        continue; // a file: see secretVolumes
      }
      env.add(
          new EnvVarBuilder()
              .withName(ref.envVar())
              .withNewValueFrom()
              .withNewSecretKeyRef(ref.key(), ref.secretName(), false)
              .endValueFrom()
              .build());
    }
    return env;
  }

  private static List<VolumeMount> stepMounts(StepRequested request) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(StagingLayout.POD_ROOT, WORK_VOLUME));
    // Every Secret's volume at the same folder would hide all but one: a projected volume joins
    // them, each key at the file the step asked for.
    if (request.secretRefs().stream().anyMatch(ref -> ref.file() != null)) {
      mounts.add(
          new VolumeMountBuilder()
              .withMountPath(SECRETS_DIR)
              .withName(SECRETS_VOLUME)
              .withReadOnly(true)
              .build());
    }
    return mounts;
  }

  /** The step's file secrets as one read-only volume, owner-readable only; null when none. */
  private static Volume secretsVolume(StepRequested request) {
    Map<String, List<KeyToPath>> itemsBySecret = new LinkedHashMap<>();
    for (SecretRef ref : request.secretRefs()) {
      if (ref.file() != null) {
        itemsBySecret
            .computeIfAbsent(ref.secretName(), name -> new ArrayList<>())
            .add(new KeyToPathBuilder().withKey(ref.key()).withPath(ref.file()).build());
      }
    }
    if (itemsBySecret.isEmpty()) {
      return null;
    }
    List<VolumeProjection> sources = new ArrayList<>();
    itemsBySecret.forEach(
        (secret, items) ->
            sources.add(
                new VolumeProjectionBuilder()
                    .withNewSecret()
                    .withName(secret)
                    .withItems(items)
                    .withOptional(false)
                    .endSecret()
                    .build()));
    return new VolumeBuilder()
        .withName(SECRETS_VOLUME)
        .withNewProjected()
        .withDefaultMode(SECRET_FILE_MODE)
        .withSources(sources)
        .endProjected()
        .build();
  }

  private static ResourceRequirements stepResources(
      Resources resources, KubernetesSettings settings) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(resources.cpu()));
    amounts.put("memory", new Quantity(resources.memory()));
    Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
    if (resources.gpuCount() > 0) {
      // Extended resources are set as limits only; Kubernetes makes the request equal.
      limits.put(settings.gpuResource(), new Quantity(Integer.toString(resources.gpuCount())));
    }
    return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(limits).build();
  }

  private static Container stager(String role, StagingPlan plan, KubernetesSettings settings) {
    Map<String, Quantity> amounts =
        Map.of(
            "cpu", new Quantity(settings.stagerCpu()),
            "memory", new Quantity(settings.stagerMemory()));
    return new ContainerBuilder()
        .withName(role)
        .withImage(settings.stagerImage())
        .withImagePullPolicy(settings.stagerPullPolicy())
        .withArgs(role)
        .withEnv(stagerEnv(plan, settings))
        .withResources(
            new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build())
        .withVolumeMounts(stagerMounts(settings))
        .withSecurityContext(hardened())
        .withTerminationMessagePolicy("File")
        .build();
  }

  private static List<EnvVar> stagerEnv(StagingPlan plan, KubernetesSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(StagingPlan.ENV, json(plan), null));
    env.add(new EnvVar("SLUICE_S3_ENDPOINT", settings.s3Endpoint(), null));
    env.add(new EnvVar("SLUICE_S3_REGION", settings.s3Region(), null));
    // The JVM names files in the locale's charset: without UTF-8 a non-ASCII key cannot be staged.
    env.add(new EnvVar("LANG", "C.UTF-8", null));
    env.add(secretEnv("SLUICE_S3_ACCESS_KEY", settings.s3Secret(), settings.s3AccessKeyKey()));
    env.add(secretEnv("SLUICE_S3_SECRET_KEY", settings.s3Secret(), settings.s3SecretKeyKey()));
    if (settings.s3TrustSecret().isPresent()) {
      env.add(
          new EnvVar(
              "SLUICE_S3_TRUST_CERTIFICATES", S3_CA_DIR + "/" + settings.s3TrustKey(), null));
    }
    env.add(new EnvVar("ORT_DISABLE_TELEMETRY", "1", null));
    return env;
  }

  private static List<VolumeMount> stagerMounts(KubernetesSettings settings) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(StagingLayout.POD_ROOT, WORK_VOLUME));
    mounts.add(mount("/tmp", TMP_VOLUME));
    if (settings.s3TrustSecret().isPresent()) {
      mounts.add(
          new VolumeMountBuilder()
              .withMountPath(S3_CA_DIR)
              .withName(S3_CA_VOLUME)
              .withReadOnly(true)
              .build());
    }
    return mounts;
  }

  private static List<Volume> volumes(StepRequested request, KubernetesSettings settings) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(emptyDir(WORK_VOLUME));
    volumes.add(emptyDir(TMP_VOLUME));
    Volume secrets = secretsVolume(request);
    if (secrets != null) {
      volumes.add(secrets);
    }
    settings
        .s3TrustSecret()
        .ifPresent(
            secret ->
                volumes.add(
                    new VolumeBuilder()
                        .withName(S3_CA_VOLUME)
                        .withNewSecret()
                        .withSecretName(secret)
                        .addNewItem()
                        .withKey(settings.s3TrustKey())
                        .withPath(settings.s3TrustKey())
                        .endItem()
                        .endSecret()
                        .build()));
    return volumes;
  }

  private static String json(StagingPlan plan) {
    try {
      return Json.mapper().writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a staging plan is plain records and always serialises", e);
    }
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, false)
        .endValueFrom()
        .build();
  }

  private static SecurityContext hardened() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static VolumeMount mount(String path, String volume) {
    return new VolumeMountBuilder().withMountPath(path).withName(volume).build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }
}
