package io.sluice.eventing;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one consumer reads and how it applies it.
 *
 * <p>{@link Mode#WORK_QUEUE}: the replicas of a service share the topics' partitions in one
 * consumer group. {@link Mode#BROADCAST}: every replica reads every record; the transactional
 * handler still runs once across replicas (deduplication is shared), while {@link
 * Builder#onEveryReplica} runs on each replica, e.g. to refresh in-memory routing.
 *
 * @param name the consumer's name: its consumer group and its deduplication scope
 */
public record Subscription(
    String name,
    List<String> topics,
    Mode mode,
    Map<EventType, EventHandler<?>> handlers,
    RawRecordHandler rawHandler,
    Consumer<EventEnvelope<?>> everyReplica) {

  public enum Mode {
    WORK_QUEUE,
    BROADCAST
  }

  public Subscription {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9.-]{0,100}")) {
      throw new IllegalArgumentException("consumer name must be lower-case dotted: " + name);
    }
    topics = List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one topic");
    }
    handlers = Map.copyOf(handlers);
    if (handlers.isEmpty() == (rawHandler == null)) {
      throw new IllegalArgumentException("give either event handlers or one raw handler");
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @SuppressWarnings("unchecked")
  <T extends EventData> Optional<EventHandler<T>> handlerFor(EventType type) {
    return Optional.ofNullable((EventHandler<T>) handlers.get(type));
  }

  boolean isRaw() {
    return rawHandler != null;
  }

  /** Builds a subscription step by step. */
  public static final class Builder {
    private final String name;
    private List<String> topics = List.of();
    private Mode mode = Mode.WORK_QUEUE;
    private final Map<EventType, EventHandler<?>> handlers = new EnumMap<>(EventType.class);
    private RawRecordHandler rawHandler;
    private Consumer<EventEnvelope<?>> everyReplica = event -> {};

    private Builder(String name) {
      this.name = name;
    }

    public Builder topics(String... topics) {
      this.topics = List.of(topics);
      return this;
    }

    public Builder broadcast() {
      this.mode = Mode.BROADCAST;
      return this;
    }

    /** Handles one event type; events of other types on the same topics are counted, ignored. */
    public <T extends EventData> Builder on(
        EventType type, Class<T> dataClass, EventHandler<T> handler) {
      if (!type.dataClass().equals(dataClass)) {
        throw new IllegalArgumentException(type + " carries " + type.dataClass().getSimpleName());
      }
      handlers.put(type, handler);
      return this;
    }

    public Builder raw(RawRecordHandler handler) {
      this.rawHandler = handler;
      return this;
    }

    public Builder onEveryReplica(Consumer<EventEnvelope<?>> reaction) {
      this.everyReplica = reaction;
      return this;
    }

    public Subscription build() {
      return new Subscription(name, topics, mode, handlers, rawHandler, everyReplica);
    }
  }
}
