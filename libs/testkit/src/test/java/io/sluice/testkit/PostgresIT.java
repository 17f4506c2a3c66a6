package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration test of {@link TestPostgres} (not named TestPostgresIT: Surefire runs Test* classes).
 */
class PostgresIT {

  private static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    long started = System.nanoTime();
    postgres = TestPostgres.start(Map.of());
    System.out.printf("TestPostgres ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void embeddedServerIsPostgres17() throws SQLException {
    assertThat(postgres.isEmbedded()).isTrue();
    assertThat(queryString(postgres.dataSource(), "SHOW server_version")).startsWith("17.");
  }

  @Test
  void createdDatabaseIsReachableThroughItsUrlAndCreatingItAgainIsHarmless() throws SQLException {
    String url = postgres.createDatabase("registry_test");
    String again = postgres.createDatabase("registry_test");

    assertThat(again).isEqualTo(url).endsWith("/registry_test");
    assertThat(queryString(postgres.dataSource(url), "SELECT current_database()"))
        .isEqualTo("registry_test");
  }

  @Test
  void environmentUrlIsUsedInsteadOfStartingAServer() throws SQLException {
    Map<String, String> environment =
        Map.of(
            TestPostgres.URL_ENV, postgres.jdbcUrl(),
            TestPostgres.USER_ENV, postgres.username(),
            TestPostgres.PASSWORD_ENV, postgres.password());

    try (TestPostgres external = TestPostgres.start(environment)) {
      assertThat(external.isEmbedded()).isFalse();
      assertThat(external.jdbcUrl()).isEqualTo(postgres.jdbcUrl());
      String url = external.createDatabase("from_environment");
      assertThat(queryString(external.dataSource(url), "SELECT current_database()"))
          .isEqualTo("from_environment");
    }

    // Closing the external handle must leave the server it points at running.
    assertThat(queryString(postgres.dataSource(), "SELECT 'still up'")).isEqualTo("still up");
  }

  @Test
  void serverWithDataDirectoryKeepsDataAcrossRestarts(@TempDir Path dataDirectory)
      throws SQLException {
    int port = FreePorts.find();
    try (TestPostgres first = TestPostgres.startEmbedded(port, dataDirectory)) {
      execute(first.dataSource(), "CREATE TABLE kept (value text)");
      execute(first.dataSource(), "INSERT INTO kept VALUES ('survives')");
    }

    try (TestPostgres second = TestPostgres.startEmbedded(port, dataDirectory)) {
      assertThat(second.jdbcUrl()).contains(":" + port + "/");
      assertThat(queryString(second.dataSource(), "SELECT value FROM kept")).isEqualTo("survives");
    }
  }

  @Test
  void serverWithDataDirectoryMakesEveryCommitDurable(@TempDir Path dataDirectory)
      throws SQLException {
    // Local mode's server: a crash of it must not forget commits whose events are already sent.
    try (TestPostgres local = TestPostgres.startEmbedded(FreePorts.find(), dataDirectory)) {
      assertThat(queryString(local.dataSource(), "SHOW synchronous_commit")).isEqualTo("on");
    }
  }

  private static String queryString(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
