package io.sluice.registry.api;

import io.sluice.eventing.SqlWork;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.registry.version.VersionQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;
import java.sql.Connection;
import java.sql.SQLException;

/** The reads the registry's resources share: one transaction, refusals kept as they are. */
@ApplicationScoped
public class ModelReads {

  private final Transactor transactor;
  private final VersionQueries versions;

  public ModelReads(Transactor transactor, VersionQueries versions) {
    this.transactor = transactor;
    this.versions = versions;
  }

  /** Runs a read; a refusal raised inside the transaction reaches the client as itself. */
  <T> T read(SqlWork<T> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw e;
    }
  }

  /** A 404 problem unless the model exists. */
  void requireModel(Connection c, String model) throws SQLException {
    if (!versions.modelExists(c, model)) {
      throw new ProblemException(Status.NOT_FOUND, "no model named " + model);
    }
  }
}
