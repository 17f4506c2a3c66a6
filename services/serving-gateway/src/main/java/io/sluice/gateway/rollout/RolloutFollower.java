package io.sluice.gateway.rollout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.WakeablePoller;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.config.RolloutConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.routing.RolloutRouting;
import io.sluice.gateway.routing.TrafficSplit;
import io.sluice.gateway.serving.GatewayMetrics;
import io.sluice.gateway.serving.ModelPreparer;
import io.sluice.gateway.serving.ServedModelsTable;
import io.sluice.gateway.serving.ServingRecord;
import io.sluice.gateway.serving.ServingRecovery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Brings this replica's routing to what the database records, model by model: the stable version of
 * {@code served_models} and, when {@code rollouts} has a row, its candidate with its shares. Every
 * replica does the same from the same rows, so all route alike; a replica that starts mid-rollout
 * loads both before it reports ready. It runs on its own thread, woken by every rollout and
 * promotion event and at {@code follow-interval} (which heals a missed event), and synchronously on
 * the replica that made a change, right after its commit.
 */
@ApplicationScoped
public class RolloutFollower {

  private static final Logger LOG = Logger.getLogger(RolloutFollower.class);

  private final Transactor transactor;
  private final ServedModelsTable served;
  private final RolloutStore rollouts;
  private final ModelPreparer preparer;
  private final ModelRouter router;
  private final RolloutRouting routing;
  private final RolloutConfig config;
  // Versions this replica prepared before the commit that makes them take traffic.
  private final Map<ModelVersion, ServedModel> handedOver = new ConcurrentHashMap<>();
  // Versions that can never be served here, so that the periodic pass does not download them again.
  private final Map<ModelVersion, UnusableArtifactException> refused = new ConcurrentHashMap<>();
  private final ServingRecovery recovery;
  private volatile WakeablePoller poller;

  public RolloutFollower(
      Transactor transactor,
      ServedModelsTable served,
      RolloutStore rollouts,
      ModelPreparer preparer,
      ModelRouter router,
      RolloutRouting routing,
      RolloutConfig config,
      GatewayMetrics metrics) {
    this.transactor = transactor;
    this.served = served;
    this.rollouts = rollouts;
    this.preparer = preparer;
    this.router = router;
    this.routing = routing;
    this.config = config;
    this.recovery = new ServingRecovery(this::prepare, router, metrics);
  }

  void start(@Observes StartupEvent event) {
    poller = WakeablePoller.start("gateway-rollout-follower", config.followInterval(), this::pass);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.close();
    }
    handedOver.values().forEach(ServedModel::retire);
  }

  /** Follows soon on the follower's thread (for consumers, which must not download). */
  public void wake() {
    WakeablePoller running = poller;
    if (running != null) {
      running.wake();
    }
  }

  /**
   * Offers a version this replica prepared, to be used instead of a second download once the commit
   * that records it is followed. {@link #withdraw} it when that commit fails.
   */
  public void handOver(ServedModel model) {
    ServedModel previous = handedOver.put(model.version(), model);
    if (previous != null && previous != model) {
      previous.retire();
    }
  }

  public void withdraw(ServedModel model) {
    if (handedOver.remove(model.version(), model)) {
      model.retire();
    }
  }

  /** Follows every recorded model; throws when the database or the store is unreachable. */
  public synchronized void followAll() {
    Set<String> models =
        transactor.inTransaction(
            c -> {
              Set<String> names = new TreeSet<>();
              served.all(c).forEach(record -> names.add(record.version().name()));
              rollouts.all(c).forEach(rollout -> names.add(rollout.model()));
              return names;
            });
    models.forEach(this::follow);
  }

  /** Follows one model now; throws when the database or the store is unreachable. */
  public synchronized void follow(String model) {
    record Recorded(Optional<ServingRecord> stable, Optional<Rollout> rollout) {}
    Recorded recorded =
        transactor.inTransaction(c -> new Recorded(served.find(c, model), rollouts.find(c, model)));
    Optional<ModelVersion> stable = recorded.stable().map(ServingRecord::version);
    if (recorded.rollout().isPresent()) {
      followRollout(recorded.rollout().get(), stable);
    } else {
      endRollout(model, stable);
      stable.ifPresent(this::serveStable);
    }
  }

  private void pass() {
    try {
      followAll();
    } catch (RuntimeException e) {
      LOG.warnf("following the recorded routing failed; tried again soon: %s", e.getMessage());
    }
  }

  private void followRollout(Rollout rollout, Optional<ModelVersion> stable) {
    Stage shares = rollout.shares();
    Optional<TrafficSplit> split = routing.split(rollout.model());
    if (split.isPresent() && split.get().candidateVersion() == rollout.candidateVersion()) {
      if (split.get().candidatePercent() != shares.candidatePercent()
          || split.get().shadowPercent() != shares.shadowPercent()) {
        routing.setShares(rollout.model(), shares.candidatePercent(), shares.shadowPercent());
        LOG.infof("%s now takes %s", rollout.candidate(), shares);
      }
      return;
    }
    stable.ifPresent(this::serveStable);
    load(rollout.candidate())
        .ifPresent(
            candidate -> {
              routing.startCandidate(candidate, shares.candidatePercent(), shares.shadowPercent());
              LOG.infof("%s in rollout with %s", rollout.candidate(), shares);
            });
  }

  private void endRollout(String model, Optional<ModelVersion> stable) {
    Optional<TrafficSplit> split = routing.split(model);
    if (split.isEmpty()) {
      return;
    }
    int candidate = split.get().candidateVersion();
    if (stable.isPresent() && stable.get().version() == candidate) {
      routing.promoteCandidate(model);
      LOG.infof("%s v%d promoted: all traffic", model, candidate);
    } else {
      routing.dropCandidate(model);
      LOG.infof("%s v%d dropped: all traffic back to the stable version", model, candidate);
    }
  }

  private void serveStable(ModelVersion stable) {
    Optional<Integer> current = router.servingVersion(stable.name());
    if (refused.containsKey(stable)) {
      return;
    }
    if (current.isEmpty() || current.get() < stable.version()) {
      recovery.recover(List.of(stable));
      return;
    }
    if (current.get() > stable.version()) {
      // A person restored an older version: it goes in as a candidate with all traffic and is
      // promoted, the one way the router replaces a version by an older one.
      load(stable)
          .ifPresent(
              model -> {
                routing.startCandidate(model, 100, 0);
                routing.promoteCandidate(stable.name());
                LOG.infof("now serving %s again", stable);
              });
    }
  }

  private Optional<ServedModel> load(ModelVersion version) {
    try {
      return Optional.of(prepare(version));
    } catch (UnusableArtifactException e) {
      LOG.errorf("cannot serve recorded %s (%s): %s", version, e.reason(), e.getMessage());
      return Optional.empty();
    }
  }

  /** The version this replica prepared and handed over, else a fresh download. */
  private ServedModel prepare(ModelVersion version) throws UnusableArtifactException {
    ServedModel prepared = handedOver.remove(version);
    if (prepared != null) {
      return prepared;
    }
    UnusableArtifactException known = refused.get(version);
    if (known != null) {
      throw known;
    }
    try {
      return preparer.prepare(version);
    } catch (UnusableArtifactException e) {
      refused.put(version, e);
      throw e;
    }
  }
}
