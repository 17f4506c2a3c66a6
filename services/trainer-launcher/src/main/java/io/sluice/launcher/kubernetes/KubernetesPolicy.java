package io.sluice.launcher.kubernetes;

import java.time.Duration;

/**
 * How the Kubernetes executor follows its Jobs (as opposed to what goes into them).
 *
 * @param pendingTimeout a step not running after this long fails with the reason it waits
 * @param deleteWhenDone delete a Job once its outcome is reported (else the TTL removes it)
 * @param maxRunningPerQueue without Kueue, most unfinished Jobs per queue; 0 for no cap
 * @param logTailBytes most bytes of a failed container's log carried in {@code step.failed}
 * @param syncTimeout longest wait for the informers' first listing
 * @param createAttempts tries to create a Job before the attempt fails
 */
public record KubernetesPolicy(
    Duration pendingTimeout,
    boolean deleteWhenDone,
    int maxRunningPerQueue,
    int logTailBytes,
    Duration syncTimeout,
    int createAttempts) {}
