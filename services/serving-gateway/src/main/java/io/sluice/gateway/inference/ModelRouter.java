package io.sluice.gateway.inference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which version of each model takes traffic, per replica. Switching is one compare-and-set of the
 * model's slot: requests that already hold the old version finish on it, new ones get the new
 * version, and nobody waits for a lock.
 */
@ApplicationScoped
public class ModelRouter {

  private final ConcurrentHashMap<String, AtomicReference<ServedModel>> slots =
      new ConcurrentHashMap<>();

  /**
   * The current version of a model with a reference held for the caller, who must {@link
   * ServedModel#release()} it; null when the model is not served.
   */
  public ServedModel acquire(String name) {
    AtomicReference<ServedModel> slot = slots.get(name);
    if (slot == null) {
      return null;
    }
    while (true) {
      ServedModel current = slot.get();
      if (current == null || current.tryAcquire()) {
        return current;
      }
      // Lost a race with a switch: the slot already holds the successor.
    }
  }

  /**
   * Makes {@code next} the current version unless the slot already serves the same or a newer one.
   * The replaced version is retired (closed after its in-flight requests).
   *
   * @return the replaced version's number, empty for the model's first version
   * @throws StaleVersionException when the slot serves the same or a newer version
   */
  public Optional<Integer> serve(ServedModel next) throws StaleVersionException {
    Objects.requireNonNull(next, "next");
    AtomicReference<ServedModel> slot =
        slots.computeIfAbsent(next.name(), name -> new AtomicReference<>());
    while (true) {
      ServedModel current = slot.get();
      if (current != null && current.versionNumber() >= next.versionNumber()) {
        throw new StaleVersionException(next.version(), current.versionNumber());
      }
      if (slot.compareAndSet(current, next)) {
        if (current == null) {
          return Optional.empty();
        }
        current.retire();
        return Optional.of(current.versionNumber());
      }
    }
  }

  /** The version number now serving a model, if any. */
  public Optional<Integer> servingVersion(String name) {
    AtomicReference<ServedModel> slot = slots.get(name);
    ServedModel current = slot == null ? null : slot.get();
    return current == null ? Optional.empty() : Optional.of(current.versionNumber());
  }

  /** The versions serving now, one per model. */
  public List<ModelVersion> serving() {
    return slots.values().stream()
        .map(AtomicReference::get)
        .filter(Objects::nonNull)
        .map(ServedModel::version)
        .toList();
  }

  @PreDestroy
  void closeAll() {
    slots
        .values()
        .forEach(slot -> Optional.ofNullable(slot.getAndSet(null)).ifPresent(ServedModel::retire));
  }
}
