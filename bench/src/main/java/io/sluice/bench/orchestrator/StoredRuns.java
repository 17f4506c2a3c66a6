package io.sluice.bench.orchestrator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Grows the orchestrator's history with finished runs inserted directly with SQL: copies of one
 * succeeded run (its pipeline version, dataset JSON and step rows), each with its own time-ordered
 * id (UUIDv7 layout, in the past) and dataset version, as a long-lived installation would hold.
 */
final class StoredRuns {

  private static final int CHUNK = 10_000;

  // One statement per chunk: the new runs, then a copy of the template's steps for each of them.
  private static final String INSERT =
      """
      WITH template AS (
        SELECT * FROM orchestrator.runs WHERE state = 'SUCCEEDED' ORDER BY id LIMIT 1
      ), new_runs AS (
        INSERT INTO orchestrator.runs (id, pipeline_name, pipeline_version, dataset_name,
            dataset_version, state, params, dataset, created_at, finished_at)
        SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8000-'
                || lpad(to_hex(g), 12, '0'))::uuid,
               t.pipeline_name, t.pipeline_version, t.dataset_name,
               encode(sha256(convert_to('stored-' || g, 'UTF8')), 'hex'), 'SUCCEEDED',
               t.params, t.dataset, now() - interval '1 day', now() - interval '1 day'
        FROM generate_series(?::bigint, ?::bigint) AS g
        CROSS JOIN template t
        CROSS JOIN LATERAL (SELECT lpad(to_hex(
            (extract(epoch FROM now() - interval '1 day') * 1000)::bigint + g), 12, '0') AS h) x
        RETURNING id
      )
      INSERT INTO orchestrator.run_steps (run_id, step_name, position, state, attempt, image,
          argv, inputs, cache_key, requested_at, started_at, finished_at, image_digest, outputs,
          metrics, last_error)
      SELECT n.id, s.step_name, s.position, s.state, s.attempt, s.image, s.argv, s.inputs,
             s.cache_key, s.requested_at, s.started_at, s.finished_at, s.image_digest, s.outputs,
             s.metrics, s.last_error
      FROM new_runs n
      CROSS JOIN orchestrator.run_steps s
      WHERE s.run_id = (SELECT id FROM template)
      """;

  private final DataSource dataSource;
  private long inserted;

  StoredRuns(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** How many runs the orchestrator's database holds. */
  long count() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM orchestrator.runs")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Inserts finished runs until the database holds at least {@code target}, then vacuums. */
  void growTo(long target) throws SQLException {
    long missing = target - count();
    try (Connection connection = dataSource.getConnection()) {
      while (missing > 0) {
        long chunk = Math.min(CHUNK, missing);
        insert(connection, inserted + 1, inserted + chunk);
        inserted += chunk;
        missing -= chunk;
      }
      try (Statement statement = connection.createStatement()) {
        // Measure steady state, not the hint-bit and statistics catch-up after a bulk load.
        statement.execute("VACUUM ANALYZE orchestrator.runs, orchestrator.run_steps");
      }
    }
  }

  private static void insert(Connection connection, long from, long to) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setLong(1, from);
      statement.setLong(2, to);
      statement.executeUpdate();
    }
  }
}
