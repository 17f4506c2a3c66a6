package io.sluice.registry.messaging;

import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelRolledBack;
import io.sluice.registry.alias.MoveCause;
import io.sluice.registry.decision.Decision;
import io.sluice.registry.decision.DecisionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who moved an alias when a serving event moves it. The gateway acts on its own (a canary passed or
 * failed) or on a person's request: then the event carries the person's decision, or is caused by
 * the event the person's decision emitted, and the person is named with their reason.
 */
@ApplicationScoped
public class MoveAttribution {

  private static final String SOURCE_PREFIX = EventEnvelope.sourceOf("");

  private final DecisionStore decisions;

  MoveAttribution(DecisionStore decisions) {
    this.decisions = decisions;
  }

  /**
   * @param reason what the event says, for people
   */
  MoveCause of(Connection c, EventEnvelope<?> event, String reason) throws SQLException {
    if (event.data() instanceof ModelRolledBack rolledBack && rolledBack.decision() != null) {
      ManualDecision decision = rolledBack.decision();
      return new MoveCause(decision.by(), reason + "; asked by hand: " + decision.reason(), event);
    }
    Optional<Decision> decision = decisions.byEvent(c, event.causationId());
    if (decision.isPresent()) {
      Decision made = decision.get();
      String action = made.action().name().toLowerCase(Locale.ROOT);
      return new MoveCause(
          made.decidedBy(), reason + "; " + action + " by hand: " + made.reason(), event);
    }
    return new MoveCause(service(event.source()), reason, event);
  }

  private static String service(String source) {
    return source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
  }
}
