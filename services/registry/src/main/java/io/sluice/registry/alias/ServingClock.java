package io.sluice.registry.alias;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Orders the serving events that move {@code champion} and {@code challenger}. They come from two
 * topics read by two consumers, so a {@code rollout.started} may be read after the rollback or
 * promotion that ended it; the gateway's event times (ce_time) say which is newer. Each alias keeps
 * the time of the newest event that concerned it, whether or not that event moved it.
 */
@ApplicationScoped
public class ServingClock {

  private static final String ADVANCE =
      "INSERT INTO serving_alias_clocks (model_name, alias, event_time) VALUES (?, ?, ?)"
          + " ON CONFLICT (model_name, alias) DO UPDATE SET event_time = EXCLUDED.event_time"
          + " WHERE serving_alias_clocks.event_time <= EXCLUDED.event_time RETURNING 1";

  /**
   * Moves the alias's clock to {@code eventTime} unless a newer event concerned it already.
   *
   * @return whether the event is current (not older than the newest one seen for the alias)
   */
  public boolean advance(Connection connection, String modelName, String alias, Instant eventTime)
      throws SQLException {
    try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
      advance.setString(1, modelName);
      advance.setString(2, alias);
      advance.setTimestamp(3, Timestamp.from(eventTime));
      try (ResultSet row = advance.executeQuery()) {
        return row.next();
      }
    }
  }
}
