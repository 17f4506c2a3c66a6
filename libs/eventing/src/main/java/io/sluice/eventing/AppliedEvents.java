package io.sluice.eventing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** The record of which event ids a consumer has applied, written in the applying transaction. */
public final class AppliedEvents {

  private static final String MARK =
      "INSERT INTO sluice_applied_events (consumer, event_id) VALUES (?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String PRUNE =
      "DELETE FROM sluice_applied_events WHERE applied_at < now() - make_interval(secs => ?)";

  private AppliedEvents() {}

  /**
   * Records that {@code consumer} applies {@code eventId} now.
   *
   * @return false when it was applied before: the caller must then change nothing
   */
  public static boolean markApplied(Connection connection, String consumer, String eventId)
      throws SQLException {
    try (PreparedStatement mark = connection.prepareStatement(MARK)) {
      mark.setString(1, consumer);
      mark.setString(2, eventId);
      return mark.executeUpdate() == 1;
    }
  }

  /** Forgets ids older than the retention; a redelivery older than that would apply again. */
  public static int prune(Connection connection, Duration retention) throws SQLException {
    try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
      prune.setDouble(1, retention.toSeconds());
      return prune.executeUpdate();
    }
  }
}
