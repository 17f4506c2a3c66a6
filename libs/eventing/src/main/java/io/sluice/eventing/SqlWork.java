package io.sluice.eventing;

import java.sql.Connection;

/** Work done on one JDBC connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {

  T run(Connection connection) throws Exception;
}
