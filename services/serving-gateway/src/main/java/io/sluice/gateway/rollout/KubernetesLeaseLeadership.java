package io.sluice.gateway.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Rollout leadership held as a {@code coordination.k8s.io/v1} Lease (cluster mode), through
 * fabric8's leader election, the same protocol as the Kubernetes controllers' own.
 *
 * <p>The leader renews the Lease every {@code retryPeriod}; when it cannot renew for {@code
 * renewDeadline} it stops leading ({@link #isLeader()} turns false) before the Lease expires at
 * {@code leaseDuration}, after which another replica takes it. A replica that shuts down releases
 * the Lease, so its successor takes over within {@code retryPeriod}; one that dies without a word,
 * within {@code leaseDuration + retryPeriod}.
 */
public final class KubernetesLeaseLeadership implements RolloutLeadership, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KubernetesLeaseLeadership.class);

  private final KubernetesClient client;
  private final Settings settings;
  private final AtomicBoolean leader = new AtomicBoolean();
  private volatile CompletableFuture<?> election;

  /**
   * @param namespace the Lease's namespace (the pod's)
   * @param identity this replica in the Lease's {@code holderIdentity} (the pod name)
   */
  public record Settings(
      String leaseName,
      String namespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {

    public Settings {
      Objects.requireNonNull(leaseName, "leaseName");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      Objects.requireNonNull(renewDeadline, "renewDeadline");
      Objects.requireNonNull(retryPeriod, "retryPeriod");
      // The leader must give up before its Lease expires, or two replicas could lead at once.
      if (leaseDuration.compareTo(renewDeadline) <= 0
          || renewDeadline.compareTo(retryPeriod) <= 0) {
        throw new IllegalArgumentException(
            "need leaseDuration > renewDeadline > retryPeriod, got "
                + leaseDuration
                + ", "
                + renewDeadline
                + ", "
                + retryPeriod);
      }
    }
  }

  public KubernetesLeaseLeadership(KubernetesClient client, Settings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Competes for the Lease in the background, again and again until closed. */
  public synchronized void start() {
    if (election == null) {
      election = client.leaderElector().withConfig(config()).build().start();
    }
  }

  @Override
  public boolean isLeader() {
    return leader.get();
  }

  private io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig config() {
    return new LeaderElectionConfigBuilder()
        .withName("sluice-serving-gateway-rollouts")
        .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel()
        .withLeaderCallbacks(
            new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
        .build();
  }

  private void startedLeading() {
    leader.set(true);
    LOG.infof(
        "this replica (%s) drives rollouts now (Lease %s/%s)",
        settings.identity(), settings.namespace(), settings.leaseName());
  }

  private void stoppedLeading() {
    if (leader.compareAndSet(true, false)) {
      LOG.infof("this replica (%s) no longer drives rollouts", settings.identity());
    }
  }

  private void newLeader(String identity) {
    LOG.debugf("rollouts are driven by %s", identity);
  }

  /** Stops competing and releases the Lease if held, so a successor need not wait for expiry. */
  @Override
  public synchronized void close() {
    leader.set(false);
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true);
      election = null;
    }
  }
}
