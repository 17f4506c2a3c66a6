package io.sluice.launcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice.launcher.kubernetes.*}: cluster-wide defaults of the Kubernetes executor. Per-step
 * settings (GPU count and type, queue, priority, extra node selector and tolerations) come from the
 * step request and add to these.
 */
@ConfigMapping(prefix = "sluice.launcher.kubernetes")
public interface KubernetesConfig {

  /** Namespace the step Jobs run in; defaults to the client's namespace (the launcher's own). */
  Optional<String> namespace();

  /**
   * The image of the stager containers added to every step pod (stage-in and stage-out): the
   * trainer-launcher image itself, which carries the staging code.
   */
  @WithDefault("sluice/trainer-launcher:latest")
  String stagerImage();

  /** Pull policy of the stager image. */
  @WithDefault("IfNotPresent")
  String stagerPullPolicy();

  /** The Secret holding the object store credentials the stagers use (never the step). */
  @WithDefault("sluice-s3")
  String s3Secret();

  /** Key of the access key id in {@link #s3Secret()}. */
  @WithDefault("access-key")
  String s3AccessKeyKey();

  /** Key of the secret access key in {@link #s3Secret()}. */
  @WithDefault("secret-key")
  String s3SecretKeyKey();

  /**
   * A Secret in the steps' namespace with the PEM CA bundle of an object store behind a private CA;
   * the stagers trust it (as {@code sluice.s3.trust-certificates}).
   */
  Optional<String> s3TrustCertificatesSecret();

  /** Key of the CA bundle in {@link #s3TrustCertificatesSecret()}. */
  @WithDefault("ca.crt")
  String s3TrustCertificatesKey();

  /** The object store endpoint as seen from step pods; defaults to {@code sluice.s3.endpoint}. */
  Optional<String> s3Endpoint();

  /** Where stage-out writes each attempt's result (outputs with hashes, metrics). */
  @WithDefault("s3://artifacts/_sluice/results/")
  String resultsUri();

  /** Service account of step pods; none means the namespace's default. */
  Optional<String> serviceAccount();

  /** Image pull secrets of step pods, for a private registry. */
  Optional<List<String>> imagePullSecrets();

  /** The extended resource a GPU is requested as. */
  @WithDefault("nvidia.com/gpu")
  String gpuResource();

  /** The node label that names a node's GPU product; a step's GPU type selects on it. */
  @WithDefault("nvidia.com/gpu.product")
  String gpuProductLabel();

  /** Tolerations of GPU steps, in taint syntax: {@code key[=value]:Effect}. */
  @WithDefault("nvidia.com/gpu:NoSchedule")
  List<String> gpuTolerations();

  /** Tolerations of every step, in taint syntax: {@code key[=value]:Effect}. */
  Optional<List<String>> tolerations();

  /** Node labels every step pod must match. */
  Map<String, String> nodeSelector();

  /** An affinity for every step pod, as the JSON of a Kubernetes {@code Affinity}. */
  Optional<String> affinity();

  /** How long a finished Job stays before Kubernetes removes it (when not deleted at once). */
  @WithDefault("600")
  int ttlSecondsAfterFinished();

  /** Delete a Job as soon as its outcome is reported ({@code delete}) or leave it to the TTL. */
  @WithDefault("delete")
  String cleanup();

  /** Time allowed for staging on top of a step's own timeout, in the Job's deadline. */
  @WithDefault("10m")
  Duration stagingAllowance();

  /** A step still not running after this long is failed UNSCHEDULABLE / IMAGE_PULL with why. */
  @WithDefault("15m")
  Duration pendingTimeout();

  /** Kueue: Jobs carry {@code kueue.x-k8s.io/queue-name} and are created suspended. */
  @WithDefault("false")
  boolean kueue();

  /** Queue of steps that name none (a Kueue LocalQueue, or a queue of the launcher's cap). */
  @WithDefault("default")
  String defaultQueue();

  /** Without Kueue: most Jobs running at once per queue; 0 means no cap. */
  @WithDefault("0")
  int maxRunningJobsPerQueue();

  /** CPU and memory of each stager container. */
  @WithDefault("100m")
  String stagerCpu();

  /** Memory of each stager container (a JVM copying files). */
  @WithDefault("256Mi")
  String stagerMemory();

  /** How long the launcher waits for its informers' first listing at startup. */
  @WithDefault("60s")
  Duration syncTimeout();
}
