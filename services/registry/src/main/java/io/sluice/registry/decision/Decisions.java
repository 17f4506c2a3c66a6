package io.sluice.registry.decision;

import static io.sluice.registry.RefusedException.conflict;
import static io.sluice.registry.RefusedException.notFound;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RolloutSpec;
import io.sluice.events.ServeAction;
import io.sluice.events.Verdict;
import io.sluice.registry.RefusedException;
import io.sluice.registry.alias.AliasHistory;
import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.alias.AliasTarget;
import io.sluice.registry.config.RegistryConfig;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionQueries;
import io.sluice.registry.version.VersionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes a person's decisions: each is checked against the model's state, recorded with who and why,
 * and announced through the outbox in one transaction under the model's row lock, so two decisions
 * on one model (or a decision and an alias move) never interleave. A repeated request answers the
 * decision it already made (see {@link #decide}).
 */
@ApplicationScoped
public class Decisions {

  private static final Logger LOG = Logger.getLogger(Decisions.class);
  private static final int CHAMPION_HISTORY_READ = 1000;

  private final Transactor transactor;
  private final VersionQueries versions;
  private final VersionStore versionStore;
  private final AliasStore aliases;
  private final AliasHistory history;
  private final DecisionStore store;
  private final Outbox outbox;
  private final String service;
  private final Duration repeatWindow;

  Decisions(
      Transactor transactor,
      VersionQueries versions,
      VersionStore versionStore,
      AliasStore aliases,
      AliasHistory history,
      DecisionStore store,
      Outbox outbox,
      EventingConfig eventing,
      RegistryConfig config) {
    this.transactor = transactor;
    this.versions = versions;
    this.versionStore = versionStore;
    this.aliases = aliases;
    this.history = history;
    this.store = store;
    this.outbox = outbox;
    this.service = eventing.service();
    this.repeatWindow = config.decisions().repeatWindow();
  }

  /**
   * The decision made, or the one already made for the same request: by the same {@code
   * Idempotency-Key}, or without one by the same caller with the same action, version and reason
   * within the repeat window.
   *
   * @throws RefusedException when the model's state does not allow it
   */
  public Outcome decide(DecisionRequest request) {
    try {
      return transactor.inTransaction(c -> decide(c, request));
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof RefusedException refused) {
        throw refused;
      }
      throw e;
    }
  }

  /**
   * @param decision the decision
   * @param repeated whether it was made by an earlier request (nothing was emitted now)
   */
  public record Outcome(Decision decision, boolean repeated) {}

  private Outcome decide(Connection c, DecisionRequest request) throws SQLException {
    String model = request.modelName();
    if (!versions.modelExists(c, model)) {
      throw notFound("no model named " + model);
    }
    versionStore.lockModel(c, model);
    Optional<Decision> earlier = earlier(c, request);
    if (earlier.isPresent()) {
      return new Outcome(earlier.get(), true);
    }
    Decision made =
        switch (request.action()) {
          case APPROVE -> approve(c, request);
          case REJECT -> reject(c, request);
          case PROMOTE -> promote(c, request);
          case ROLLBACK -> rollback(c, request);
          case ARCHIVE -> archive(c, request);
        };
    LOG.infof(
        "decision %s of model=%s version=%d by %s: %s",
        made.action(), model, made.version(), made.decidedBy(), made.reason());
    return new Outcome(made, false);
  }

  private Optional<Decision> earlier(Connection c, DecisionRequest request) throws SQLException {
    String model = request.modelName();
    if (request.idempotencyKey() != null) {
      Optional<Decision> byKey =
          store.byKey(c, model, request.decidedBy(), request.idempotencyKey());
      if (byKey.isPresent() && !request.sameAs(byKey.get())) {
        throw conflict(
            "this Idempotency-Key was already used for another request ("
                + byKey.get().action()
                + " of version "
                + byKey.get().version()
                + "); use a new key for a new decision");
      }
      return byKey;
    }
    return store.recent(c, model, request.decidedBy(), request.action(), repeatWindow).stream()
        .filter(request::sameAs)
        .findFirst();
  }

  private Decision approve(Connection c, DecisionRequest request) throws SQLException {
    ModelVersion version = usableVersion(c, request.modelName(), request.version());
    Serving serving = serving(c, request.modelName());
    if (serving.isChampion(version.version())) {
      throw conflict(named(version) + " already serves as champion; there is nothing to approve");
    }
    if (serving.isChallenger(version.version())) {
      throw conflict(
          named(version)
              + " is already being rolled out (challenger); promote it to finish now, or reject"
              + " it to stop");
    }
    return emit(
        c,
        request,
        version,
        DecisionEvents.evaluated(version, Verdict.APPROVED, request, rolloutOf(version)));
  }

  private Decision reject(Connection c, DecisionRequest request) throws SQLException {
    ModelVersion version = usableVersion(c, request.modelName(), request.version());
    if (serving(c, request.modelName()).isChampion(version.version())) {
      throw conflict(
          named(version)
              + " serves as champion; roll it back (POST /api/v1/models/"
              + version.modelName()
              + "/rollback) instead");
    }
    return emit(
        c, request, version, DecisionEvents.evaluated(version, Verdict.REJECTED, request, null));
  }

  private Decision promote(Connection c, DecisionRequest request) throws SQLException {
    ModelVersion version = usableVersion(c, request.modelName(), request.version());
    if (serving(c, request.modelName()).isChampion(version.version())) {
      throw conflict(named(version) + " already serves as champion");
    }
    requireApproved(c, version);
    return emit(
        c, request, version, DecisionEvents.serveRequested(version, ServeAction.PROMOTE, request));
  }

  private Decision rollback(Connection c, DecisionRequest request) throws SQLException {
    String model = request.modelName();
    int current =
        serving(c, model)
            .champion()
            .orElseThrow(() -> conflict(model + " has no champion to roll back from"));
    int target = request.version() != null ? request.version() : earlierChampion(c, model, current);
    ModelVersion version = usableVersion(c, model, target);
    if (target == current) {
      throw conflict(named(version) + " is the champion already; name an earlier version");
    }
    requireApproved(c, version);
    return emit(
        c, request, version, DecisionEvents.serveRequested(version, ServeAction.ROLLBACK, request));
  }

  private Decision archive(Connection c, DecisionRequest request) throws SQLException {
    ModelVersion version = usableVersion(c, request.modelName(), request.version());
    List<String> named = aliases.aliasesOf(c, version.modelName(), version.version());
    if (!named.isEmpty()) {
      throw conflict(
          named(version)
              + " is named by "
              + named
              + "; a serving version cannot be archived, and other aliases must be moved or"
              + " removed first");
    }
    return store.add(c, request, version.version(), null);
  }

  private int earlierChampion(Connection c, String model, int current) throws SQLException {
    return RollbackTarget.choose(
            history.newestFirst(c, model, AliasStore.CHAMPION, CHAMPION_HISTORY_READ),
            current,
            store.archived(c, model))
        .orElseThrow(
            () ->
                conflict(
                    model
                        + " has no earlier champion that may serve again (none recorded, or all"
                        + " archived or rolled back); name one with toVersion"));
  }

  /** The version, which must exist and not be archived. */
  private ModelVersion usableVersion(Connection c, String model, int number) throws SQLException {
    ModelVersion version =
        versions
            .version(c, model, number)
            .orElseThrow(() -> notFound(model + " has no version " + number));
    if (store.archived(c, model).contains(number)) {
      throw conflict(named(version) + " is archived");
    }
    return version;
  }

  /** A version may serve when the last word on it, a person's or else the gate's, approved it. */
  private void requireApproved(Connection c, ModelVersion version) throws SQLException {
    Optional<Decision> verdict =
        store.ofVersion(c, version.modelName(), version.version()).stream()
            .filter(
                d -> d.action() == DecisionAction.APPROVE || d.action() == DecisionAction.REJECT)
            .reduce((first, second) -> second);
    boolean rejected =
        verdict
            .map(d -> d.action() == DecisionAction.REJECT)
            .orElse(version.verdict() == Verdict.REJECTED);
    if (rejected) {
      String by = verdict.map(d -> "by " + d.decidedBy()).orElse("by the gate");
      throw conflict(named(version) + " was rejected " + by + "; approve it first");
    }
  }

  private Decision emit(Connection c, DecisionRequest request, ModelVersion version, EventData data)
      throws SQLException {
    EventEnvelope<EventData> event = EventEnvelope.first(service, version.modelName(), null, data);
    outbox.append(c, event);
    return store.add(c, request, version.version(), event.id());
  }

  private Serving serving(Connection c, String model) throws SQLException {
    return new Serving(
        aliases.find(c, model, AliasStore.CHAMPION).map(AliasTarget::version),
        aliases.find(c, model, AliasStore.CHALLENGER).map(AliasTarget::version));
  }

  /**
   * The rollout an approval hands to the gateway: the one resolved when the version was registered
   * (its pipeline's, else the registry's default then); null for versions registered before
   * rollouts, which the gateway serves at once.
   */
  private static RolloutSpec rolloutOf(ModelVersion version) {
    return version.rollout();
  }

  private static String named(ModelVersion version) {
    return version.modelName() + " version " + version.version();
  }

  private record Serving(Optional<Integer> champion, Optional<Integer> challenger) {

    boolean isChampion(int version) {
      return champion.filter(v -> v == version).isPresent();
    }

    boolean isChallenger(int version) {
      return challenger.filter(v -> v == version).isPresent();
    }
  }
}
