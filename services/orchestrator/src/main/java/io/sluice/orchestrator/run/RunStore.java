package io.sluice.orchestrator.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.CachedFrom;
import io.sluice.events.DataArrived;
import io.sluice.events.Json;
import io.sluice.events.RunTrigger;
import io.sluice.events.StepDone;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** JDBC access to {@code runs} and {@code run_steps}, always on the caller's transaction. */
public final class RunStore {

  private static final ObjectMapper JSON = Json.mapper();
  private static final String RUN_COLUMNS =
      "id, pipeline_name, pipeline_version, state, params::text, dataset::text, failure,"
          + " created_at, finished_at, correlation_id, cancel_reason, cancelled_by, deadline_at,"
          + " trigger::text, use_cache";

  /**
   * Creates a run with its steps pending; false when it exists already: a dataset-triggered run of
   * this pipeline version and dataset version, or a run with this trigger key.
   *
   * @param triggerKey what makes this start happen once (a schedule tick, an upstream run, a
   *     client's idempotency key), or null
   */
  public boolean insertRun(
      Connection connection, RunRow run, String triggerKey, Map<String, String> stepImages)
      throws SQLException {
    String sql =
        "INSERT INTO runs (id, pipeline_name, pipeline_version, dataset_name, dataset_version,"
            + " state, params, dataset, correlation_id, deadline_at, trigger_kind, trigger,"
            + " trigger_key, use_cache)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)"
            // A dataset version already run by this pipeline version, or a trigger key already
            // used: the run exists, nothing to start.
            + " ON CONFLICT DO NOTHING";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setObject(1, run.id());
      insert.setString(2, run.pipelineName());
      insert.setString(3, run.pipelineVersion());
      insert.setString(4, run.dataset().datasetName());
      insert.setString(5, run.dataset().versionId());
      insert.setString(6, run.state().name());
      insert.setString(7, write(run.params()));
      insert.setString(8, write(run.dataset()));
      insert.setString(9, run.correlationId());
      insert.setObject(10, run.deadlineAt() == null ? null : Timestamp.from(run.deadlineAt()));
      insert.setString(11, run.trigger().kind().name());
      insert.setString(12, write(run.trigger()));
      insert.setString(13, triggerKey);
      insert.setBoolean(14, run.useCache());
      if (insert.executeUpdate() == 0) {
        return false;
      }
    }
    insertSteps(connection, run.id(), stepImages);
    return true;
  }

  private static void insertSteps(Connection connection, UUID runId, Map<String, String> images)
      throws SQLException {
    String sql =
        "INSERT INTO run_steps (run_id, step_name, position, state, image)"
            + " VALUES (?, ?, ?, 'PENDING', ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int position = 0;
      for (Map.Entry<String, String> step : images.entrySet()) {
        insert.setObject(1, runId);
        insert.setString(2, step.getKey());
        insert.setInt(3, position++);
        insert.setString(4, step.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The run, locked for the rest of the transaction so its events apply one at a time. */
  public Optional<RunRow> lockRun(Connection connection, UUID id) throws SQLException {
    return runs(connection, "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ? FOR UPDATE", id)
        .stream()
        .findFirst();
  }

  public Optional<RunRow> run(Connection connection, UUID id) throws SQLException {
    return runs(connection, "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", id).stream()
        .findFirst();
  }

  /**
   * Serialises the decisions about a pipeline's run slots (start or queue, leave the queue) across
   * transactions and replicas until this transaction ends.
   */
  public void lockRunSlots(Connection connection, String pipeline) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "sluice-run-slots:" + pipeline);
      lock.executeQuery().close();
    }
  }

  /** How many runs of the pipeline are RUNNING. */
  public int countRunning(Connection connection, String pipeline) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT count(*) FROM runs WHERE pipeline_name = ? AND state = 'RUNNING'")) {
      select.setString(1, pipeline);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The pipeline's run that has waited longest in its queue, locked, if any. */
  public Optional<RunRow> oldestQueued(Connection connection, String pipeline) throws SQLException {
    return runs(
            connection,
            "SELECT "
                + RUN_COLUMNS
                + " FROM runs WHERE pipeline_name = ? AND state = 'QUEUED'"
                + " ORDER BY id LIMIT 1 FOR UPDATE",
            pipeline)
        .stream()
        .findFirst();
  }

  /** A queued run leaves the queue: it runs from now, with its deadline counted from now. */
  public void leaveQueue(Connection connection, UUID runId, Instant deadlineAt)
      throws SQLException {
    update(
        connection,
        "UPDATE runs SET state = 'RUNNING', deadline_at = ? WHERE id = ? AND state = 'QUEUED'",
        deadlineAt == null ? null : Timestamp.from(deadlineAt),
        runId);
  }

  /** The run a trigger key started, if any. */
  public Optional<RunRow> runByTriggerKey(Connection connection, String triggerKey)
      throws SQLException {
    return runs(
            connection, "SELECT " + RUN_COLUMNS + " FROM runs WHERE trigger_key = ?", triggerKey)
        .stream()
        .findFirst();
  }

  /**
   * Runs newest first (by id: run ids are UUIDv7), older than the cursor (a run id), as the filter
   * selects.
   */
  public List<RunRow> page(Connection connection, RunFilter filter, UUID before, int limit)
      throws SQLException {
    Query query = pageQuery(filter, before, limit);
    return runs(connection, query.sql(), query.args().toArray());
  }

  /** A statement and its arguments. */
  public record Query(String sql, List<Object> args) {}

  /**
   * The statement behind {@link #page} (public so that tests and the bench can EXPLAIN it). Absent
   * filters are left out of the SQL rather than written as "? IS NULL OR ...", so that the planner
   * reads the one index V12 made for this combination of filters, as a range.
   */
  public static Query pageQuery(RunFilter filter, UUID before, int limit) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    condition(where, args, "pipeline_name = ?", filter.pipeline());
    condition(where, args, "state = ?", filter.state() == null ? null : filter.state().name());
    condition(
        where, args, "trigger_kind = ?", filter.trigger() == null ? null : filter.trigger().name());
    condition(where, args, "dataset_version = ?::bpchar", filter.datasetVersion());
    condition(where, args, "id < ?", before);
    condition(
        where,
        args,
        "id >= ?",
        filter.createdAfter() == null ? null : RunFilter.firstIdAt(filter.createdAfter()));
    condition(
        where,
        args,
        "id < ?",
        filter.createdBefore() == null ? null : RunFilter.firstIdAt(filter.createdBefore()));
    args.add(limit);
    String sql = "SELECT " + RUN_COLUMNS + " FROM runs" + where + " ORDER BY id DESC LIMIT ?";
    return new Query(sql, List.copyOf(args));
  }

  private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
    if (value != null) {
      where.append(" AND ").append(sql);
      args.add(value);
    }
  }

  private List<RunRow> runs(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      List<RunRow> rows = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new RunRow(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  RunState.valueOf(rs.getString(4)),
                  read(rs.getString(5), new TypeReference<LinkedHashMap<String, String>>() {}),
                  read(rs.getString(6), new TypeReference<DataArrived>() {}),
                  rs.getString(7),
                  instant(rs.getTimestamp(8)),
                  instant(rs.getTimestamp(9)),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getString(12),
                  instant(rs.getTimestamp(13)),
                  trigger(rs.getString(14)),
                  rs.getBoolean(15)));
        }
      }
      return rows;
    }
  }

  /** The run's steps in the order they were created (spec order). */
  public List<StepRow> steps(Connection connection, UUID runId) throws SQLException {
    String sql =
        "SELECT step_name, state, attempt, image, argv::text, inputs::text, cache_key,"
            + " requested_at, started_at, finished_at, image_digest, outputs::text,"
            + " metrics::text, last_error, retry_at, lease_ends_at, lease_owner, deadline_at,"
            + " cached_from::text"
            + " FROM run_steps WHERE run_id = ?"
            + " ORDER BY position";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setObject(1, runId);
      List<StepRow> rows = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(stepRow(rs));
        }
      }
      return rows;
    }
  }

  private static StepRow stepRow(ResultSet rs) throws SQLException {
    return new StepRow(
        rs.getString(1),
        StepState.valueOf(rs.getString(2)),
        rs.getInt(3),
        rs.getString(4),
        orEmpty(read(rs.getString(5), new TypeReference<List<String>>() {}), List.of()),
        orEmpty(read(rs.getString(6), new TypeReference<List<StepInput>>() {}), List.of()),
        rs.getString(7),
        instant(rs.getTimestamp(8)),
        instant(rs.getTimestamp(9)),
        instant(rs.getTimestamp(10)),
        rs.getString(11),
        orEmpty(read(rs.getString(12), new TypeReference<List<StepOutput>>() {}), List.of()),
        orEmpty(read(rs.getString(13), new TypeReference<Map<String, Double>>() {}), Map.of()),
        rs.getString(14),
        instant(rs.getTimestamp(15)),
        instant(rs.getTimestamp(16)),
        rs.getString(17),
        instant(rs.getTimestamp(18)),
        read(rs.getString(19), new TypeReference<CachedFrom>() {}));
  }

  public void markRequested(Connection connection, StepRequested request, Instant at)
      throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = 'REQUESTED', attempt = ?, argv = ?::jsonb,"
            + " inputs = ?::jsonb, cache_key = ?, requested_at = ?, started_at = NULL,"
            + " finished_at = NULL, retry_at = NULL, retry_cause = NULL, lease_ends_at = NULL,"
            + " lease_owner = NULL, deadline_at = ?, timeout_seconds = ?"
            + " WHERE run_id = ? AND step_name = ?",
        request.attempt(),
        write(request.argv()),
        write(request.inputs()),
        request.cacheKey(),
        Timestamp.from(at),
        Timestamp.from(request.deadline()),
        request.timeoutSeconds(),
        UUID.fromString(request.runId()),
        request.stepName());
  }

  /**
   * Records the first attempt of a step that completes with another run's outputs: requested now,
   * with the source's argv, inputs and cache key; its {@code step.done} follows.
   */
  public void markReused(Connection connection, UUID runId, StepRow source, Instant at)
      throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = 'REQUESTED', attempt = 1, argv = ?::jsonb,"
            + " inputs = ?::jsonb, cache_key = ?, requested_at = ? WHERE run_id = ?"
            + " AND step_name = ? AND state = 'PENDING'",
        write(source.argv()),
        write(source.inputs()),
        source.cacheKey(),
        Timestamp.from(at),
        runId,
        source.stepName());
  }

  /**
   * Records when the requested attempt's command started (the executor's {@code step.started}); a
   * later attempt, an ended step or a repeated event changes nothing.
   */
  public void markStarted(Connection connection, UUID runId, StepStarted started)
      throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET started_at = ? WHERE run_id = ? AND step_name = ? AND attempt = ?"
            + " AND state = 'REQUESTED' AND started_at IS NULL",
        Timestamp.from(started.startedAt()),
        runId,
        started.stepName(),
        started.attempt());
  }

  /**
   * Extends the lease of the attempt a heartbeat vouches for: only the current attempt of a
   * requested step, and never backwards (heartbeats may arrive out of order after a redelivery).
   */
  public void extendLease(Connection connection, UUID runId, StepHeartbeat beat)
      throws SQLException {
    Timestamp endsAt = Timestamp.from(beat.leaseEndsAt());
    update(
        connection,
        "UPDATE run_steps SET lease_owner = CASE WHEN lease_ends_at IS NULL OR lease_ends_at < ?"
            + " THEN ? ELSE lease_owner END, lease_ends_at = GREATEST(lease_ends_at, ?)"
            + " WHERE run_id = ? AND step_name = ? AND attempt = ? AND state = 'REQUESTED'",
        endsAt,
        beat.owner(),
        endsAt,
        runId,
        beat.stepName(),
        beat.attempt());
  }

  public void markDone(Connection connection, StepDone done) throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = 'DONE', started_at = ?, finished_at = ?, image_digest = ?,"
            + " outputs = ?::jsonb, metrics = ?::jsonb, cached_from = ?::jsonb"
            + " WHERE run_id = ? AND step_name = ?",
        Timestamp.from(done.startedAt()),
        Timestamp.from(done.finishedAt()),
        done.imageDigest(),
        write(done.outputs()),
        write(done.metrics()),
        done.cached() ? write(done.cachedFrom()) : null,
        UUID.fromString(done.runId()),
        done.stepName());
  }

  /** Records a failed attempt; {@code state} is REQUESTED again when a retry follows. */
  public void markFailed(
      Connection connection,
      UUID runId,
      String step,
      StepState state,
      String error,
      Instant startedAt,
      Instant finishedAt)
      throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = ?, last_error = ?, started_at = ?, finished_at = ?"
            + " WHERE run_id = ? AND step_name = ?",
        state.name(),
        error,
        startedAt == null ? null : Timestamp.from(startedAt),
        Timestamp.from(finishedAt),
        runId,
        step);
  }

  /** Marks a pending step skipped, with why ({@code step.skipped}'s reason) as its last error. */
  public void markSkipped(Connection connection, UUID runId, String step, String reason)
      throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = 'SKIPPED', last_error = ?, finished_at = now()"
            + " WHERE run_id = ? AND step_name = ? AND state = 'PENDING'",
        "skipped: " + reason,
        runId,
        step);
  }

  /** Records why a succeeded run offered no model candidate. */
  public void recordNoCandidate(Connection connection, UUID runId, String why) throws SQLException {
    update(connection, "UPDATE runs SET no_candidate = ? WHERE id = ?", why, runId);
  }

  /** Why the run offered no model candidate, or null when it did or has not ended. */
  public String noCandidate(Connection connection, UUID runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT no_candidate FROM runs WHERE id = ?")) {
      select.setObject(1, runId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Ends the run; steps waiting for a retry are not retried (their timers go with the run). */
  public void finishRun(Connection connection, UUID runId, RunState state, String failure)
      throws SQLException {
    update(
        connection,
        "UPDATE runs SET state = ?, failure = ?, finished_at = now() WHERE id = ?",
        state.name(),
        failure,
        runId);
    update(
        connection,
        "UPDATE run_steps SET state = 'FAILED', retry_at = NULL, retry_cause = NULL,"
            + " last_error = last_error || ' (not retried: the run ended)'"
            + " WHERE run_id = ? AND state = 'WAITING_FOR_RETRY'",
        runId);
  }

  /**
   * Marks the requested attempts of a run that failed as cancelled: they were asked to stop, and
   * their late outcomes find the run ended.
   */
  public void stopRequestedSteps(Connection connection, UUID runId) throws SQLException {
    update(
        connection,
        "UPDATE run_steps SET state = 'CANCELLED', last_error = CASE WHEN last_error IS NULL"
            + " THEN 'stopped: the run failed' ELSE last_error || ' (stopped: the run failed)' END"
            + " WHERE run_id = ? AND state = 'REQUESTED'",
        runId);
  }

  /**
   * Cancels the run and every step that has not finished: a requested attempt is no longer awaited
   * (its late outcome finds the run ended), a waiting retry loses its timer, a pending step never
   * starts.
   */
  public void cancelRun(Connection connection, UUID runId, String reason, String subject)
      throws SQLException {
    update(
        connection,
        "UPDATE runs SET state = 'CANCELLED', cancel_reason = ?, cancelled_by = ?,"
            + " finished_at = now() WHERE id = ?",
        reason,
        subject,
        runId);
    update(
        connection,
        "UPDATE run_steps SET state = 'CANCELLED', retry_at = NULL, retry_cause = NULL,"
            + " last_error = CASE WHEN state = 'WAITING_FOR_RETRY'"
            + " THEN last_error || ' (not retried: the run was cancelled)' ELSE last_error END"
            + " WHERE run_id = ? AND state IN ('PENDING', 'REQUESTED', 'WAITING_FOR_RETRY')",
        runId);
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

  /** Runs from before triggers were recorded were all started by their dataset. */
  private static RunTrigger trigger(String json) {
    return json == null ? RunTrigger.dataset() : read(json, new TypeReference<RunTrigger>() {});
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static <T> T orEmpty(T value, T empty) {
    return value == null ? empty : value;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON no longer reads as " + type.getType(), e);
    }
  }
}
