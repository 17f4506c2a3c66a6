package io.sluice.orchestrator.timeline;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JDBC access to {@code run_timeline}, always on the caller's transaction. */
public final class TimelineStore {

  /**
   * Records the event in its run's timeline, once: a redelivered event (same id) adds nothing. An
   * event that changes nothing a timeline shows (a heartbeat), or names no stored run, or a run id
   * that is not one, is left out.
   */
  public void record(Connection connection, EventEnvelope<? extends EventData> event)
      throws SQLException {
    Optional<TimelineDetails.Fact> fact = TimelineDetails.of(event.data());
    if (fact.isEmpty()) {
      return;
    }
    UUID runId = uuid(fact.get().runId());
    if (runId == null) {
      return;
    }
    String sql =
        "INSERT INTO run_timeline (run_id, event_id, event_type, event_time, step_name, attempt,"
            + " detail) SELECT id, ?, ?, ?, ?, ?, ? FROM runs WHERE id = ?"
            + " ON CONFLICT (event_id) DO NOTHING";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, event.id());
      insert.setString(2, event.type().typeName());
      insert.setTimestamp(3, Timestamp.from(event.time()));
      insert.setString(4, fact.get().step());
      insert.setObject(5, fact.get().attempt());
      insert.setString(6, fact.get().detail());
      insert.setObject(7, runId);
      insert.executeUpdate();
    }
  }

  /** Up to {@code limit} entries of the run's timeline after {@code afterSeq}, oldest first. */
  public List<TimelineEntry> page(Connection connection, UUID runId, long afterSeq, int limit)
      throws SQLException {
    String sql =
        "SELECT seq, event_type, event_id, event_time, step_name, attempt, detail"
            + " FROM run_timeline WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setObject(1, runId);
      select.setLong(2, afterSeq);
      select.setInt(3, limit);
      List<TimelineEntry> entries = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new TimelineEntry(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getTimestamp(4).toInstant(),
                  rs.getString(5),
                  rs.getObject(6, Integer.class),
                  rs.getString(7)));
        }
      }
      return entries;
    }
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
