package io.sluice.gateway.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.EventEnvelope;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.PromotionRequests.Claimed;
import io.sluice.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claims on the {@code promotion_request} table of a real PostgreSQL with the gateway's own
 * migrations: one claim takes one request, whatever plan the table's statistics lead to.
 */
class PromotionRequestsIT {

  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final int WAITING = 3;

  private static TestPostgres postgres;
  private static DataSource database;
  private final PromotionRequests requests = new PromotionRequests();

  @BeforeAll
  static void migrate() {
    postgres = TestPostgres.start();
    database =
        postgres.dataSource(
            postgres.createDatabase("promotion_" + UUID.randomUUID().toString().substring(0, 8)));
    Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void oneClaimTakesOneRequestWhenTheStatisticsSayTheTableIsAlmostEmpty() throws SQLException {
    // Analyzed with one row, then three waiting on the same page: the planner estimates one row,
    // and an UPDATE ... FROM (subquery) plan ran the subquery per row and claimed all three.
    request("only", 1);
    execute("ANALYZE promotion_request");
    execute("DELETE FROM promotion_request");
    for (int version = 1; version <= WAITING; version++) {
      request("iris", version);
    }

    Claimed first;
    try (Connection connection = database.getConnection()) {
      first = requests.claim(connection, LEASE).orElseThrow();
    }

    assertThat(first.version().version()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM promotion_request WHERE claim = ?", first.claim()))
        .as("requests this one claim took")
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM promotion_request WHERE claim IS NULL", null))
        .as("requests left for the next claims")
        .isEqualTo(WAITING - 1);
  }

  private void request(String model, int version) throws SQLException {
    try (Connection connection = database.getConnection()) {
      requests.request(
          connection,
          EventEnvelope.first(
              "registry", model, null, Evaluations.of(model, version, Verdict.APPROVED)));
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = database.getConnection()) {
      connection.createStatement().execute(sql);
    }
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
