package io.sluice.gateway.inference;

import io.sluice.gateway.routing.RolloutRouting;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.routing.RoutingKeys;
import io.sluice.gateway.routing.TrafficSplit;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Which versions of each model take traffic, per replica: a stable version and, during a rollout, a
 * candidate with its shares ({@link Route}). Every switch is one compare-and-set of the model's
 * route: requests that already hold a version finish on it, new ones see the new route, nobody
 * waits for a lock, and a version that left the route closes after its last in-flight request.
 */
@Singleton
public class ModelRouter implements RolloutRouting {

  private final ConcurrentHashMap<String, AtomicReference<Route>> routes =
      new ConcurrentHashMap<>();
  private final List<Consumer<ModelVersion>> closedListeners = new CopyOnWriteArrayList<>();

  /**
   * Calls {@code listener} with each version that left the routes, once its last in-flight request
   * ended and it closed; not when the same version serves again meanwhile.
   */
  public void whenVersionClosed(Consumer<ModelVersion> listener) {
    closedListeners.add(listener);
  }

  /**
   * The model's stable version with a reference held for the caller, who must {@link
   * ServedModel#release()} it; null when the model is not served. For what describes the model as a
   * whole (metadata, readiness); requests to score use {@link #acquire(String, String)}.
   */
  public ServedModel acquire(String name) {
    return acquireFrom(name, Route::primary);
  }

  /**
   * The version that answers one request, acquired for the caller: the candidate for its share of
   * requests, the stable version for the rest. A request with a routing key always lands in the
   * same bucket ({@link RoutingKeys}); one without is drawn at random.
   *
   * @param routingKey the sticky routing key, null for none
   * @return null when the model is not served
   */
  public ServedModel acquire(String name, String routingKey) {
    int bucket =
        routingKey == null
            ? ThreadLocalRandom.current().nextInt(100)
            : RoutingKeys.bucket(name, routingKey);
    return acquireFrom(name, route -> route.pick(bucket));
  }

  /** The loaded version with this number (stable or candidate), acquired; null when none is. */
  public ServedModel acquireVersion(String name, int version) {
    return acquireFrom(name, route -> route.version(version));
  }

  /**
   * The candidate, acquired, when the request that {@code answering} serves is to be copied to it
   * (its shadow share); null otherwise.
   */
  public ServedModel acquireShadow(String name, ServedModel answering) {
    int draw = ThreadLocalRandom.current().nextInt(100);
    return acquireFrom(name, route -> route.mirrors(answering, draw) ? route.candidate() : null);
  }

  private ServedModel acquireFrom(String name, Function<Route, ServedModel> choice) {
    AtomicReference<Route> slot = routes.get(name);
    if (slot == null) {
      return null;
    }
    while (true) {
      ServedModel chosen = choice.apply(slot.get());
      if (chosen == null || chosen.tryAcquire()) {
        return chosen;
      }
      // Lost a race with a switch that retired it: the slot holds the new route already.
    }
  }

  /**
   * Makes {@code next} the stable version with all the traffic not in rollout, unless the model
   * already serves the same or a newer one. The replaced version is retired, and so is a candidate
   * that is not newer than {@code next}.
   *
   * @return the replaced version's number, empty for the model's first version
   * @throws StaleVersionException when the model serves the same or a newer version
   */
  public Optional<Integer> serve(ServedModel next) throws StaleVersionException {
    Objects.requireNonNull(next, "next");
    AtomicReference<Route> slot = slotOf(next.name());
    while (true) {
      Route current = slot.get();
      ServedModel stable = current == null ? null : current.stable();
      if (stable != null && stable.versionNumber() >= next.versionNumber()) {
        throw new StaleVersionException(next.version(), stable.versionNumber());
      }
      Route updated = replaceStable(current, next);
      if (slot.compareAndSet(current, updated)) {
        retireLeft(current, updated);
        return Optional.ofNullable(stable).map(ServedModel::versionNumber);
      }
    }
  }

  private static Route replaceStable(Route current, ServedModel next) {
    if (current == null || current.candidate() == null) {
      return Route.of(next);
    }
    if (current.candidate().versionNumber() <= next.versionNumber()) {
      return Route.of(next);
    }
    return current.withStable(next);
  }

  @Override
  public void startCandidate(ServedModel candidate, int candidatePercent, int shadowPercent) {
    Objects.requireNonNull(candidate, "candidate");
    update(
        candidate.name(),
        current -> {
          ServedModel stable = current == null ? null : current.stable();
          Route next = new Route(stable, candidate, candidatePercent, shadowPercent);
          next.split(); // refuses a share outside [0, 100] or the stable version as candidate
          return next;
        });
  }

  @Override
  public void setShares(String model, int candidatePercent, int shadowPercent) {
    update(
        model,
        current -> {
          Route next =
              requireCandidate(model, current)
                  .withCandidate(current.candidate(), candidatePercent, shadowPercent);
          next.split();
          return next;
        });
  }

  @Override
  public void promoteCandidate(String model) {
    update(model, current -> Route.of(requireCandidate(model, current).candidate()));
  }

  /** Idempotent: a model without a candidate keeps its route. */
  @Override
  public void dropCandidate(String model) {
    update(
        model,
        current ->
            current == null || current.candidate() == null ? current : Route.of(current.stable()));
  }

  @Override
  public Optional<TrafficSplit> split(String model) {
    AtomicReference<Route> slot = routes.get(model);
    Route route = slot == null ? null : slot.get();
    return route == null ? Optional.empty() : route.split();
  }

  private static Route requireCandidate(String model, Route current) {
    if (current == null || current.candidate() == null) {
      throw new IllegalStateException("model '" + model + "' has no candidate in rollout");
    }
    return current;
  }

  private void update(String model, UnaryOperator<Route> change) {
    AtomicReference<Route> slot = slotOf(model);
    while (true) {
      Route current = slot.get();
      Route updated = change.apply(current);
      if (updated == current) {
        return;
      }
      if (slot.compareAndSet(current, updated)) {
        retireLeft(current, updated);
        return;
      }
    }
  }

  private AtomicReference<Route> slotOf(String model) {
    return routes.computeIfAbsent(model, name -> new AtomicReference<>());
  }

  // Only after the switch: a request that still finds a retired version in the old route retries.
  private void retireLeft(Route before, Route after) {
    if (before == null) {
      return;
    }
    Stream.of(before.stable(), before.candidate())
        .filter(Objects::nonNull)
        .filter(model -> after == null || !after.holds(model))
        .forEach(model -> model.retire(() -> closed(model)));
  }

  private void closed(ServedModel model) {
    if (routesVersion(model.name(), model.versionNumber())) {
      return; // loaded again meanwhile: what is kept per version belongs to the new one now
    }
    for (Consumer<ModelVersion> listener : closedListeners) {
      listener.accept(model.version());
    }
  }

  private boolean routesVersion(String name, int version) {
    AtomicReference<Route> slot = routes.get(name);
    Route route = slot == null ? null : slot.get();
    return route != null && route.version(version) != null;
  }

  /** The stable version number of a model, if any. */
  public Optional<Integer> servingVersion(String name) {
    AtomicReference<Route> slot = routes.get(name);
    Route route = slot == null ? null : slot.get();
    ServedModel stable = route == null ? null : route.stable();
    return stable == null ? Optional.empty() : Optional.of(stable.versionNumber());
  }

  /** The stable versions serving now, one per model. */
  public List<ModelVersion> serving() {
    return routes.values().stream()
        .map(AtomicReference::get)
        .filter(Objects::nonNull)
        .map(Route::stable)
        .filter(Objects::nonNull)
        .map(ServedModel::version)
        .toList();
  }

  @PreDestroy
  void closeAll() {
    routes.values().forEach(slot -> retireLeft(slot.getAndSet(null), null));
  }
}
