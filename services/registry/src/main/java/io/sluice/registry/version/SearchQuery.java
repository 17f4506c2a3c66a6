package io.sluice.registry.version;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one page of a version search: one model's versions above a cursor in version order,
 * which the primary key (model_name, version) reads without a sort, narrowed by the conditions.
 * Values are always bound, never written into the text.
 *
 * @param sql the statement
 * @param args its parameters, in order
 */
public record SearchQuery(String sql, List<Object> args) {

  static SearchQuery page(
      String columns, String modelName, VersionSearch search, int after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(columns)
            .append(" FROM model_versions v WHERE v.model_name = ? AND v.version > ?");
    List<Object> args = new ArrayList<>(List.of(modelName, after));
    for (VersionSearch.MetricBound bound : search.metrics()) {
      // A metric the version did not report is NULL here, and NULL satisfies no comparison.
      sql.append(" AND (v.metrics ->> ?)::double precision ")
          .append(bound.operator().symbol())
          .append(" ?");
      args.add(bound.metric());
      args.add(bound.value());
    }
    if (search.alias() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM model_aliases a WHERE a.model_name = v.model_name"
              + " AND a.version = v.version AND a.alias = ?)");
      args.add(search.alias());
    }
    if (search.datasetVersion() != null) {
      sql.append(" AND v.lineage ->> 'datasetVersion' = ?");
      args.add(search.datasetVersion());
    }
    if (search.runId() != null) {
      sql.append(" AND v.run_id = ?");
      args.add(search.runId());
    }
    if (search.verdict() != null) {
      sql.append(" AND v.verdict = ?");
      args.add(search.verdict().name());
    }
    if (search.registeredAfter() != null) {
      sql.append(" AND v.registered_at > ?");
      args.add(Timestamp.from(search.registeredAfter()));
    }
    if (search.registeredBefore() != null) {
      sql.append(" AND v.registered_at < ?");
      args.add(Timestamp.from(search.registeredBefore()));
    }
    sql.append(" ORDER BY v.version LIMIT ?");
    args.add(limit);
    return new SearchQuery(sql.toString(), List.copyOf(args));
  }
}
