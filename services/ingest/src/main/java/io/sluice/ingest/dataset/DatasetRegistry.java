package io.sluice.ingest.dataset;

import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Registers datasets. A name keeps its first definition: registering the same definition again is a
 * no-op, a different one under the same name is a conflict (no revisions: a changed dataset is a
 * new name, so the versions of one name always mean the same thing).
 */
@ApplicationScoped
public class DatasetRegistry {

  /** The outcome of a registration. */
  public record Registration(DatasetDefinition definition, boolean created) {}

  /** A definition that clashes with a registered one; the message says with which. */
  public static class ConflictException extends Exception {
    public ConflictException(String message) {
      super(message);
    }
  }

  private final Transactor transactor;
  private final DatasetStore store;

  public DatasetRegistry(Transactor transactor, DatasetStore store) {
    this.transactor = transactor;
    this.store = store;
  }

  public Registration register(DatasetDefinition definition)
      throws ConflictException, TransactionFailedException {
    try {
      return transactor.inTransaction(connection -> register(connection, definition));
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof ConflictException conflict) {
        throw conflict;
      }
      throw e;
    }
  }

  private Registration register(Connection connection, DatasetDefinition definition)
      throws SQLException, ConflictException {
    Optional<DatasetDefinition> existing = store.find(connection, definition.name());
    if (existing.isPresent()) {
      return sameOrConflict(existing.get(), definition);
    }
    refuseOverlap(connection, definition);
    if (store.insertIfAbsent(connection, definition)) {
      return new Registration(definition, true);
    }
    // Registered concurrently between the look-up and the insert.
    return sameOrConflict(store.find(connection, definition.name()).orElseThrow(), definition);
  }

  private static Registration sameOrConflict(DatasetDefinition existing, DatasetDefinition wanted)
      throws ConflictException {
    if (DatasetStore.canonical(existing).equals(DatasetStore.canonical(wanted))) {
      return new Registration(existing, false);
    }
    throw new ConflictException(
        "dataset '"
            + wanted.name()
            + "' is already registered with a different definition; register it under a new name");
  }

  /** Nested prefixes would make one object belong to two datasets' drops. */
  private void refuseOverlap(Connection connection, DatasetDefinition definition)
      throws SQLException, ConflictException {
    for (DatasetDefinition other : store.inBucket(connection, definition.bucket())) {
      if (other.prefix().startsWith(definition.prefix())
          || definition.prefix().startsWith(other.prefix())) {
        throw new ConflictException(
            "prefix '"
                + definition.prefix()
                + "' overlaps dataset '"
                + other.name()
                + "' (prefix '"
                + other.prefix()
                + "') in bucket '"
                + definition.bucket()
                + "'");
      }
    }
  }

  public Optional<DatasetDefinition> find(String name) throws TransactionFailedException {
    return transactor.inTransaction(connection -> store.find(connection, name));
  }

  public List<DatasetDefinition> all() throws TransactionFailedException {
    return transactor.inTransaction(store::all);
  }
}
