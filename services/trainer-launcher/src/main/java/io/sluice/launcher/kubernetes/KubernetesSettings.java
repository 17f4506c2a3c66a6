package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide settings {@link JobSpecs} builds Jobs with: plain values, so the builder stays a
 * pure function that tests call without Quarkus or a cluster.
 *
 * @param namespace where step Jobs run
 * @param stagerImage image of the stage-in and stage-out containers
 * @param stagerPullPolicy its pull policy
 * @param stagerCpu CPU of each stager container
 * @param stagerMemory memory of each stager container
 * @param s3Endpoint the object store endpoint as seen from pods
 * @param s3Region the region to sign for
 * @param s3Secret the Secret with the store credentials
 * @param s3AccessKeyKey key of the access key id in that Secret
 * @param s3SecretKeyKey key of the secret key in that Secret
 * @param s3TrustSecret a Secret with the PEM CA bundle of a store behind a private CA, if any
 * @param s3TrustKey key of the bundle in that Secret
 * @param resultsUri prefix under which stage-out writes each attempt's result
 * @param serviceAccount service account of step pods, if any
 * @param imagePullSecrets pull secrets of step pods
 * @param gpuResource the extended resource name of a GPU
 * @param gpuProductLabel node label naming a node's GPU product
 * @param gpuTolerations tolerations added to GPU steps
 * @param tolerations tolerations added to every step
 * @param nodeSelector node labels every step must match
 * @param affinity affinity of every step pod, if any
 * @param ttlSecondsAfterFinished TTL of a finished Job
 * @param stagingAllowance time for staging on top of the step's timeout
 * @param kueue whether Jobs are handed to Kueue (queue label, created suspended)
 * @param defaultQueue queue of steps that name none
 */
public record KubernetesSettings(
    String namespace,
    String stagerImage,
    String stagerPullPolicy,
    String stagerCpu,
    String stagerMemory,
    String s3Endpoint,
    String s3Region,
    String s3Secret,
    String s3AccessKeyKey,
    String s3SecretKeyKey,
    Optional<String> s3TrustSecret,
    String s3TrustKey,
    String resultsUri,
    Optional<String> serviceAccount,
    List<String> imagePullSecrets,
    String gpuResource,
    String gpuProductLabel,
    List<Toleration> gpuTolerations,
    List<Toleration> tolerations,
    Map<String, String> nodeSelector,
    Optional<Affinity> affinity,
    int ttlSecondsAfterFinished,
    Duration stagingAllowance,
    boolean kueue,
    String defaultQueue) {

  public KubernetesSettings {
    imagePullSecrets = List.copyOf(imagePullSecrets);
    gpuTolerations = List.copyOf(gpuTolerations);
    tolerations = List.copyOf(tolerations);
    nodeSelector = Map.copyOf(nodeSelector);
  }
}
