package io.sluice.eventing;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one local database transaction: commit when the work returns, roll back when it
 * throws. State changes and {@link Outbox} rows written through the given connection commit or
 * vanish together, which is the whole point of the outbox.
 */
public final class Transactor {

  private final DataSource dataSource;

  public Transactor(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T inTransaction(SqlWork<T> work) throws TransactionFailedException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Exception e) {
        rollbackQuietly(connection, e);
        throw TransactionFailedException.wrap(e);
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new TransactionFailedException("database unavailable: " + e.getMessage(), e);
    }
  }

  /** Same as {@link #inTransaction(SqlWork)} for work that returns nothing. */
  public void run(SqlAction action) throws TransactionFailedException {
    inTransaction(
        connection -> {
          action.run(connection);
          return null;
        });
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** Work that returns nothing. */
  @FunctionalInterface
  public interface SqlAction {
    void run(Connection connection) throws Exception;
  }
}
