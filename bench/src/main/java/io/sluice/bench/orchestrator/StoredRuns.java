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
 *
 * <p>{@link #varied} makes the history less uniform, for listings with filters to select from: one
 * run in 100 belongs to another (registered) pipeline, one in 10 FAILED and one in 10 CANCELLED,
 * and 3 in 7 were started manually, by a schedule or by an upstream pipeline (with a trigger JSON
 * of their kind); {@code created_at} is then the millisecond in the run's id, as for a real run.
 * Otherwise every copy is a SUCCEEDED, dataset-triggered run of the template's pipeline, created a
 * day ago.
 */
final class StoredRuns {

  private static final int CHUNK = 10_000;

  // One statement per chunk: the new runs, then a copy of the template's steps for each of them.
  // One statement per chunk: the new runs, then a copy of the template's steps for each of them.
  // Parameters: the other pipeline's name (null: not varied) twice, then the first and last g.
  private static final String INSERT =
      """
      WITH other AS (
        SELECT name, version FROM orchestrator.pipeline_versions WHERE name = ? LIMIT 1
      ), template AS (
        SELECT * FROM orchestrator.runs WHERE state = 'SUCCEEDED'
          AND pipeline_name IS DISTINCT FROM ? ORDER BY id LIMIT 1
      ), new_runs AS (
        INSERT INTO orchestrator.runs (id, pipeline_name, pipeline_version, dataset_name,
            dataset_version, state, params, dataset, created_at, finished_at, trigger_kind,
            trigger, failure, cancel_reason, cancelled_by)
        SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8000-'
                || lpad(to_hex(g), 12, '0'))::uuid,
               CASE WHEN varied AND g % 100 = 0 THEN o.name ELSE t.pipeline_name END,
               CASE WHEN varied AND g % 100 = 0 THEN o.version ELSE t.pipeline_version END,
               t.dataset_name,
               encode(sha256(convert_to('stored-' || g, 'UTF8')), 'hex'),
               CASE WHEN NOT varied THEN 'SUCCEEDED'
                    WHEN g % 10 = 1 THEN 'FAILED'
                    WHEN g % 10 = 3 THEN 'CANCELLED'
                    ELSE 'SUCCEEDED' END,
               t.params, t.dataset,
               CASE WHEN varied THEN to_timestamp(ms / 1000.0) ELSE now() - interval '1 day' END,
               CASE WHEN varied THEN to_timestamp(ms / 1000.0) + interval '1 minute'
                    ELSE now() - interval '1 day' END,
               CASE WHEN NOT varied THEN 'DATASET'
                    WHEN g % 7 = 1 THEN 'MANUAL'
                    WHEN g % 7 = 2 THEN 'SCHEDULE'
                    WHEN g % 7 = 3 THEN 'PIPELINE'
                    ELSE 'DATASET' END,
               CASE WHEN NOT varied THEN NULL
                    WHEN g % 7 = 1 THEN jsonb_build_object('kind', 'MANUAL', 'caller', 'bench')
                    WHEN g % 7 = 2 THEN jsonb_build_object('kind', 'SCHEDULE',
                        'schedule', 'nightly', 'scheduledAt', '2026-01-01T00:00:00Z')
                    WHEN g % 7 = 3 THEN jsonb_build_object('kind', 'PIPELINE',
                        'upstreamPipeline', t.pipeline_name, 'upstreamRunId', t.id::text)
                    ELSE NULL END,
               CASE WHEN varied AND g % 10 = 1 THEN 'step s1 failed (stored by the bench)' END,
               CASE WHEN varied AND g % 10 = 3 THEN 'cancelled (stored by the bench)' END,
               CASE WHEN varied AND g % 10 = 3 THEN 'bench' END
        FROM generate_series(?::bigint, ?::bigint) AS g
        CROSS JOIN template t
        LEFT JOIN other o ON true
        CROSS JOIN LATERAL (SELECT o.name IS NOT NULL AS varied,
            (extract(epoch FROM now() - interval '1 day') * 1000)::bigint + g AS ms) m
        CROSS JOIN LATERAL (SELECT lpad(to_hex(m.ms), 12, '0') AS h) x
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
  private final String otherPipeline;
  private long inserted;

  StoredRuns(DataSource dataSource) {
    this(dataSource, null);
  }

  private StoredRuns(DataSource dataSource, String otherPipeline) {
    this.dataSource = dataSource;
    this.otherPipeline = otherPipeline;
  }

  /**
   * Stored runs of mixed pipelines, states and triggers (see the class comment); {@code
   * otherPipeline} must be registered and is given one run in 100.
   */
  static StoredRuns varied(DataSource dataSource, String otherPipeline) {
    return new StoredRuns(dataSource, otherPipeline);
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
        insert(connection, otherPipeline, inserted + 1, inserted + chunk);
        inserted += chunk;
        missing -= chunk;
      }
      try (Statement statement = connection.createStatement()) {
        // Measure steady state, not the hint-bit and statistics catch-up after a bulk load.
        statement.execute("VACUUM ANALYZE orchestrator.runs, orchestrator.run_steps");
      }
    }
  }

  private static void insert(Connection connection, String otherPipeline, long from, long to)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setString(1, otherPipeline);
      statement.setString(2, otherPipeline);
      statement.setLong(3, from);
      statement.setLong(4, to);
      statement.executeUpdate();
    }
  }
}
