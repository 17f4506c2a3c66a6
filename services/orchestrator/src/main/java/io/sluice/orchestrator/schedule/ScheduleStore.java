package io.sluice.orchestrator.schedule;

import io.sluice.orchestrator.spec.ConcurrencyPolicy;
import io.sluice.orchestrator.spec.ScheduleSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JDBC access to {@code pipeline_schedules}, always on the caller's transaction. */
public final class ScheduleStore {

  private static final String COLUMNS =
      "pipeline_name, schedule_name, pipeline_version, cron, timezone, concurrency, next_fire_at,"
          + " last_fired_at, last_run_id, last_skipped_at, last_skip_reason, skipped_ticks";

  /**
   * Makes the stored schedules of {@code pipeline} those of its latest version: new ones wait for
   * their first tick after {@code now}, removed ones are deleted, kept ones keep their next tick
   * unless their cron or zone changed.
   */
  public void plan(
      Connection connection,
      String pipeline,
      String version,
      List<ScheduleSpec> schedules,
      Instant now)
      throws SQLException {
    List<String> names = schedules.stream().map(ScheduleSpec::name).toList();
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM pipeline_schedules WHERE pipeline_name = ?"
                + " AND NOT (schedule_name = ANY (?))")) {
      delete.setString(1, pipeline);
      delete.setArray(2, connection.createArrayOf("text", names.toArray()));
      delete.executeUpdate();
    }
    for (ScheduleSpec schedule : schedules) {
      upsert(connection, pipeline, version, schedule, now);
    }
  }

  private static void upsert(
      Connection connection, String pipeline, String version, ScheduleSpec schedule, Instant now)
      throws SQLException {
    Instant first = schedule.cron().next(now, ZoneId.of(schedule.timezone())).orElse(Ticks.NEVER);
    String sql =
        "INSERT INTO pipeline_schedules (pipeline_name, schedule_name, pipeline_version, cron,"
            + " timezone, concurrency, next_fire_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (pipeline_name, schedule_name) DO UPDATE SET"
            + " pipeline_version = EXCLUDED.pipeline_version, concurrency = EXCLUDED.concurrency,"
            // A tick already planned stays planned unless when it falls has changed.
            + " next_fire_at = CASE WHEN pipeline_schedules.cron = EXCLUDED.cron"
            + " AND pipeline_schedules.timezone = EXCLUDED.timezone"
            + " THEN pipeline_schedules.next_fire_at ELSE EXCLUDED.next_fire_at END,"
            + " cron = EXCLUDED.cron, timezone = EXCLUDED.timezone";
    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
      upsert.setString(1, pipeline);
      upsert.setString(2, schedule.name());
      upsert.setString(3, version);
      upsert.setString(4, schedule.cron().text());
      upsert.setString(5, schedule.timezone());
      upsert.setString(6, schedule.concurrency().name());
      upsert.setTimestamp(7, Timestamp.from(first));
      upsert.executeUpdate();
    }
  }

  /**
   * The earliest schedule due at {@code now} that no other transaction holds, locked for the rest
   * of this one; another replica's scheduler skips it meanwhile.
   */
  public Optional<ScheduleRow> claimDue(Connection connection, Instant now) throws SQLException {
    return rows(
            connection,
            "SELECT "
                + COLUMNS
                + " FROM pipeline_schedules WHERE next_fire_at <= ? ORDER BY next_fire_at"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED",
            Timestamp.from(now))
        .stream()
        .findFirst();
  }

  /** When the next schedule is due, if any. */
  public Optional<Instant> earliest(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT min(next_fire_at) FROM pipeline_schedules");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      return Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant);
    }
  }

  public List<ScheduleRow> ofPipeline(Connection connection, String pipeline) throws SQLException {
    return rows(
        connection,
        "SELECT "
            + COLUMNS
            + " FROM pipeline_schedules WHERE pipeline_name = ?"
            + " ORDER BY schedule_name",
        pipeline);
  }

  /**
   * Records that the tick {@code tick} started {@code runId}; the schedule waits for {@code next}.
   */
  public void fired(Connection connection, ScheduleRow row, Ticks ticks, UUID runId)
      throws SQLException {
    update(
        connection,
        "UPDATE pipeline_schedules SET next_fire_at = ?, last_fired_at = ?, last_run_id = ?,"
            + " skipped_ticks = skipped_ticks + ? WHERE pipeline_name = ? AND schedule_name = ?",
        Timestamp.from(ticks.next()),
        Timestamp.from(ticks.fireAt()),
        runId,
        ticks.missed(),
        row.pipelineName(),
        row.scheduleName());
  }

  /** Records that the tick was skipped and why; the schedule waits for {@code next}. */
  public void skipped(Connection connection, ScheduleRow row, Ticks ticks, String reason)
      throws SQLException {
    update(
        connection,
        "UPDATE pipeline_schedules SET next_fire_at = ?, last_skipped_at = ?,"
            + " last_skip_reason = ?, skipped_ticks = skipped_ticks + 1 + ?"
            + " WHERE pipeline_name = ? AND schedule_name = ?",
        Timestamp.from(ticks.next()),
        Timestamp.from(ticks.fireAt()),
        reason,
        ticks.missed(),
        row.pipelineName(),
        row.scheduleName());
  }

  /** The runs a schedule started that still run, oldest first. */
  public List<UUID> runningRuns(Connection connection, ScheduleRow row) throws SQLException {
    String sql =
        "SELECT id FROM runs WHERE pipeline_name = ? AND trigger_kind = 'SCHEDULE'"
            + " AND trigger ->> 'schedule' = ? AND state = 'RUNNING' ORDER BY id";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, row.pipelineName());
      select.setString(2, row.scheduleName());
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }

  private static List<ScheduleRow> rows(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      List<ScheduleRow> rows = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  private static ScheduleRow row(ResultSet rs) throws SQLException {
    return new ScheduleRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        ConcurrencyPolicy.valueOf(rs.getString(6)),
        rs.getTimestamp(7).toInstant(),
        instant(rs.getTimestamp(8)),
        rs.getObject(9, UUID.class),
        instant(rs.getTimestamp(10)),
        rs.getString(11),
        rs.getLong(12));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static void update(Connection connection, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        update.setObject(i + 1, args[i]);
      }
      update.executeUpdate();
    }
  }
}
