package io.sluice.ingest.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Completion;
import io.sluice.ingest.drop.CompletionQueue.Claimed;
import io.sluice.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims on the {@code drop_completion} table of a real PostgreSQL with ingest's own migrations:
 * one claim takes one drop, whatever plan the table's statistics lead the planner to.
 */
class CompletionQueueIT {

  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final int WAITING = 20;

  private static TestPostgres postgres;
  private static DataSource database;
  private final CompletionQueue queue = new CompletionQueue();

  @BeforeAll
  static void migrate() {
    postgres = TestPostgres.start();
    database =
        postgres.dataSource(
            postgres.createDatabase("completion_" + UUID.randomUUID().toString().substring(0, 8)));
    Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @BeforeEach
  void registerTheDataset() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM drop_completion");
      statement.execute(
          "INSERT INTO dataset (name, bucket, prefix, definition) VALUES ('d', 'datasets', 'd/',"
              + " '{}') ON CONFLICT DO NOTHING");
    }
  }

  @Test
  void oneClaimTakesOneDropWhenTheStatisticsSayTheQueueIsAlmostEmpty() throws SQLException {
    // A queue is analyzed while it holds a row or two; with those statistics and 20 drops waiting,
    // an UPDATE ... FROM (subquery) plan ran the subquery once per row and claimed all 20.
    request("d/only/");
    analyze();
    try (Connection connection = database.getConnection()) {
      connection.createStatement().execute("DELETE FROM drop_completion");
    }
    for (int i = 0; i < WAITING; i++) {
      request("d/" + i + "/");
    }

    Claimed first = claim().orElseThrow();

    assertThat(first.dropFolder()).isEqualTo("d/0/");
    assertThat(rowsHolding(first.claim())).as("drops this one claim took").isEqualTo(1);
    assertThat(unclaimed()).as("drops left for the next claims").isEqualTo(WAITING - 1);
  }

  @Test
  void everyWaitingDropIsClaimedOnceInRequestOrder() throws SQLException {
    for (int i = 0; i < WAITING; i++) {
      request("d/" + i + "/");
    }
    analyze();
    Set<String> claimed = new HashSet<>();
    for (int i = 0; i < WAITING; i++) {
      Claimed next = claim().orElseThrow();
      assertThat(next.dropFolder()).isEqualTo("d/" + i + "/");
      assertThat(rowsHolding(next.claim())).isEqualTo(1);
      claimed.add(next.dropFolder());
    }
    assertThat(claimed).hasSize(WAITING);
    assertThat(claim()).as("nothing left to claim while the leases run").isEmpty();
  }

  private void request(String folder) throws SQLException {
    try (Connection connection = database.getConnection()) {
      queue.request(connection, "d", folder, Completion.SUCCESS_MARKER);
    }
  }

  private Optional<Claimed> claim() throws SQLException {
    try (Connection connection = database.getConnection()) {
      return queue.claim(connection, LEASE);
    }
  }

  private static void analyze() throws SQLException {
    try (Connection connection = database.getConnection()) {
      connection.createStatement().execute("ANALYZE drop_completion");
    }
  }

  private static int rowsHolding(UUID claim) throws SQLException {
    return count("SELECT count(*) FROM drop_completion WHERE claim = ?", claim);
  }

  private static int unclaimed() throws SQLException {
    return count("SELECT count(*) FROM drop_completion WHERE claim IS NULL", null);
  }

  private static int count(String sql, UUID claim) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (claim != null) {
        select.setObject(1, claim);
      }
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
