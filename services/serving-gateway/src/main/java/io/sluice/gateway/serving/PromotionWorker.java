package io.sluice.gateway.serving;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.WakeablePoller;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelServeRequested;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.rollout.RolloutFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Prepares approved versions (and versions a person asked to serve), one at a time on its own
 * thread: claim the request in one short transaction; download, verify, load and warm the version
 * up with no transaction open; then, in a second short transaction under the model's lock, record
 * what it changes ({@link Promotions}: served at once with {@code model.promoted}, or a rollout
 * started with {@code rollout.started}; nothing when a newer version won meanwhile). Only after
 * that commit does it take traffic. A version that can never be served is dropped and the current
 * one keeps serving; an unreachable store releases the request for a later try.
 */
@ApplicationScoped
public class PromotionWorker {

  static final String SERVICE = "serving-gateway";
  private static final Logger LOG = Logger.getLogger(PromotionWorker.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

  private final Transactor transactor;
  private final PromotionRequests requests;
  private final ServedModelsTable table;
  private final Preparer preparer;
  private final Promotions promotions;
  private final RolloutFollower follower;
  private final GatewayMetrics metrics;
  private final GatewayConfig config;
  private volatile WakeablePoller poller;

  public PromotionWorker(
      Transactor transactor,
      PromotionRequests requests,
      ServedModelsTable table,
      ModelPreparer preparer,
      Promotions promotions,
      RolloutFollower follower,
      GatewayMetrics metrics,
      GatewayConfig config) {
    this.transactor = transactor;
    this.requests = requests;
    this.table = table;
    this.preparer = preparer;
    this.promotions = promotions;
    this.follower = follower;
    this.metrics = metrics;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    poller =
        WakeablePoller.start("gateway-promoter", config.promotion().pollInterval(), this::pass);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.close();
    }
  }

  /** Prepares newly requested versions soon, instead of at the next poll. */
  public void wake() {
    WakeablePoller running = poller;
    if (running != null) {
      running.wake();
    }
  }

  /** Prepares every request that is due now; returns how many it settled. */
  int pass() {
    int settled = 0;
    try {
      Optional<PromotionRequests.Claimed> next = claim();
      while (next.isPresent()) {
        settle(next.get());
        settled++;
        next = claim();
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "claiming or recording a promotion failed; it is tried again");
    }
    return settled;
  }

  private Optional<PromotionRequests.Claimed> claim() {
    return transactor.inTransaction(c -> requests.claim(c, config.promotion().lease()));
  }

  private void settle(PromotionRequests.Claimed claimed) {
    ModelVersion version = claimed.version();
    MDC.put("model", version.name());
    MDC.put("modelVersion", version.version());
    try {
      prepare(claimed, version).ifPresent(model -> record(claimed, model));
    } finally {
      MDC.remove("model");
      MDC.remove("modelVersion");
    }
  }

  /** The long part, with no transaction open. */
  private Optional<ServedModel> prepare(PromotionRequests.Claimed claimed, ModelVersion version) {
    try {
      return Optional.of(preparer.prepare(version));
    } catch (UnusableArtifactException e) {
      metrics.evaluation("refused");
      metrics.artifactRefused(version.name(), e.reason());
      LOG.errorf(
          "NOT serving %s (%s): %s; the current version keeps serving",
          version, e.reason(), e.getMessage());
      transactor.run(c -> requests.done(c, claimed));
    } catch (RuntimeException e) {
      Duration delay = retryDelay(claimed.attempts());
      LOG.warnf(
          "preparing %s failed (try %d), trying again in %ds: %s",
          version, claimed.attempts(), delay.toSeconds(), e.getMessage());
      transactor.run(c -> requests.retryAfter(c, claimed, delay));
    }
    return Optional.empty();
  }

  private void record(PromotionRequests.Claimed claimed, ServedModel model) {
    Promotions.Outcome outcome;
    try {
      outcome = transactor.inTransaction(c -> recordIfStillHeld(c, claimed, model));
    } catch (RuntimeException e) {
      model.retire();
      throw e;
    }
    if (outcome == Promotions.Outcome.NOTHING) {
      metrics.evaluation("not_newer");
      model.retire();
      return;
    }
    metrics.evaluation(outcome == Promotions.Outcome.SERVED ? "promoted" : "rollout");
    // Only now, after the commit, may the version take traffic: this replica at once, with the
    // version it prepared; the others when they follow the events.
    follower.handOver(model);
    try {
      follower.follow(model.name());
    } catch (RuntimeException e) {
      LOG.warnf(
          "recorded %s; routing follows at the next pass: %s", model.version(), e.getMessage());
      follower.wake();
    }
  }

  @SuppressWarnings("unchecked")
  private Promotions.Outcome recordIfStillHeld(
      Connection connection, PromotionRequests.Claimed claimed, ServedModel model)
      throws SQLException {
    if (!requests.stillHolds(connection, claimed)) {
      LOG.warnf("%s was taken over by another replica while it was prepared", model.version());
      return Promotions.Outcome.NOTHING;
    }
    ModelVersion version = model.version();
    table.lock(connection, version.name());
    requests.done(connection, claimed);
    EventEnvelope<?> cause = claimed.cause();
    if (cause.data() instanceof ModelServeRequested) {
      return promotions.byHand(connection, (EventEnvelope<ModelServeRequested>) cause, version);
    }
    return promotions.approved(connection, (EventEnvelope<ModelEvaluated>) cause, version);
  }

  static Duration retryDelay(int attempts) {
    Duration delay = FIRST_RETRY.multipliedBy(Math.max(1, attempts));
    return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
  }
}
