package io.sluice.ingest.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code dataset} table: definitions stored as canonical JSON. */
@ApplicationScoped
public class DatasetStore {

  /** Sorted properties: the same definition always serialises to the same text. */
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  /** Inserts the definition unless its name is taken; true if it was inserted. */
  public boolean insertIfAbsent(Connection connection, DatasetDefinition definition)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dataset (name, bucket, prefix, quiet_seconds, definition)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      insert.setString(1, definition.name());
      insert.setString(2, definition.bucket());
      insert.setString(3, definition.prefix());
      insert.setObject(4, definition.quietSeconds());
      insert.setString(5, canonical(definition));
      return insert.executeUpdate() == 1;
    }
  }

  public Optional<DatasetDefinition> find(Connection connection, String name) throws SQLException {
    List<DatasetDefinition> found = query(connection, "WHERE name = ?", name);
    return found.stream().findFirst();
  }

  public List<DatasetDefinition> all(Connection connection) throws SQLException {
    return query(connection, "", null);
  }

  public List<DatasetDefinition> inBucket(Connection connection, String bucket)
      throws SQLException {
    return query(connection, "WHERE bucket = ?", bucket);
  }

  /** The canonical JSON of a definition; equal definitions give equal text. */
  public static String canonical(DatasetDefinition definition) {
    try {
      return CANONICAL.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a dataset definition is always serialisable", e);
    }
  }

  private List<DatasetDefinition> query(Connection connection, String where, String argument)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT definition FROM dataset " + where + " ORDER BY name")) {
      if (argument != null) {
        select.setString(1, argument);
      }
      List<DatasetDefinition> definitions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          definitions.add(read(rows.getString(1)));
        }
      }
      return definitions;
    }
  }

  private static DatasetDefinition read(String json) throws SQLException {
    try {
      return CANONICAL.readValue(json, DatasetDefinition.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored dataset definition is unreadable: " + e.getMessage(), e);
    }
  }
}
