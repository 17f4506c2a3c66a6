package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.eventing.Outbox;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the consequences of a step's outcome go: the transaction they commit in, and the events
 * they cause. The same rules (retry, fail the step, end the run) apply whether the outcome came as
 * an event or was judged by the orchestrator's watchdog, so they are written against this.
 */
interface RunEffects {

  Connection connection();

  /** Emits (through the outbox) an event caused by what is being applied. */
  <T extends EventData> EventEnvelope<T> emit(String subject, T data) throws SQLException;

  /** Emits an event caused by {@code cause}, an event this transaction emitted. */
  <T extends EventData> EventEnvelope<T> emitCausedBy(
      EventEnvelope<?> cause, String subject, T data) throws SQLException;

  /** What a retry timer keeps, so the retry's request continues the same chain. */
  RetryCause retryCause();

  /** Runs {@code action} once the transaction has committed. */
  void afterCommit(Runnable action);

  /** The effects of applying a consumed event. */
  static RunEffects of(EventContext context) {
    return new RunEffects() {
      @Override
      public Connection connection() {
        return context.connection();
      }

      @Override
      public <T extends EventData> EventEnvelope<T> emit(String subject, T data)
          throws SQLException {
        return context.emitCausedBy(subject, data);
      }

      @Override
      public <T extends EventData> EventEnvelope<T> emitCausedBy(
          EventEnvelope<?> cause, String subject, T data) throws SQLException {
        EventEnvelope<T> event =
            EventEnvelope.causedBy(cause, context.serviceName(), subject, data);
        context.emit(event);
        return event;
      }

      @Override
      public RetryCause retryCause() {
        return RetryCause.of(context.cause().orElseThrow());
      }

      @Override
      public void afterCommit(Runnable action) {
        context.afterCommit(action);
      }
    };
  }

  /**
   * The effects of a judgement made outside event handling (the watchdog) about {@code run}.
   *
   * @param root the event that the caller emitted on this transaction to start the judgement's
   *     chain, which causes the others; null when the first event emitted starts the chain
   * @param afterCommit where actions to run after the commit are collected; the caller runs them
   */
  static RunEffects judged(
      Connection connection,
      Outbox outbox,
      String service,
      RunRow run,
      EventEnvelope<?> root,
      List<Runnable> afterCommit) {
    return new RunEffects() {
      @Override
      public Connection connection() {
        return connection;
      }

      @Override
      public <T extends EventData> EventEnvelope<T> emit(String subject, T data)
          throws SQLException {
        if (root != null) {
          return emitCausedBy(root, subject, data);
        }
        EventEnvelope<T> event = EventEnvelope.first(service, subject, run.chainId(), data);
        outbox.append(connection, event);
        return event;
      }

      @Override
      public <T extends EventData> EventEnvelope<T> emitCausedBy(
          EventEnvelope<?> cause, String subject, T data) throws SQLException {
        EventEnvelope<T> event = EventEnvelope.causedBy(cause, service, subject, data);
        outbox.append(connection, event);
        return event;
      }

      @Override
      public RetryCause retryCause() {
        if (root == null) {
          throw new IllegalStateException("a retry is caused by the judgement's root event");
        }
        return RetryCause.of(root);
      }

      @Override
      public void afterCommit(Runnable action) {
        afterCommit.add(action);
      }
    };
  }
}
