package io.sluice.eventing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * How far behind the outbox is, as gauges: rows waiting, the age of the oldest one, rows parked.
 * Only the relay leader reads them (one query every few seconds on its own connection); a follower
 * reports zeros, so {@code max} over a service's replicas is the leader's view.
 */
final class OutboxStats {

  private static final Duration REFRESH = Duration.ofSeconds(2);
  private static final String QUERY =
      "SELECT (SELECT count(*) FROM sluice_outbox), (SELECT min(created_at) FROM sluice_outbox),"
          + " (SELECT count(*) FROM sluice_outbox_parked)";

  private volatile long depth;
  private volatile Instant oldest;
  private volatile long parked;
  private Instant nextRefresh = Instant.EPOCH;

  OutboxStats(MeterRegistry meters) {
    Gauge.builder("sluice.outbox.depth", this, s -> s.depth)
        .description("Outbox rows not yet published (read by the relay leader)")
        .register(meters);
    Gauge.builder("sluice.outbox.oldest.age", this, OutboxStats::oldestAgeSeconds)
        .baseUnit("seconds")
        .description("Age of the oldest unpublished outbox row (read by the relay leader)")
        .register(meters);
    Gauge.builder("sluice.outbox.parked.rows", this, s -> s.parked)
        .description("Outbox rows Kafka refused for good, set aside in sluice_outbox_parked")
        .register(meters);
  }

  /** Reads the figures again when they are due. */
  void refreshWhenDue(Connection connection) throws SQLException {
    Instant now = Instant.now();
    if (now.isBefore(nextRefresh)) {
      return;
    }
    nextRefresh = now.plus(REFRESH);
    refresh(connection);
  }

  void refresh(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(QUERY)) {
      rs.next();
      depth = rs.getLong(1);
      Timestamp min = rs.getTimestamp(2);
      oldest = min == null ? null : min.toInstant();
      parked = rs.getLong(3);
    }
  }

  /** A follower knows nothing: it reports zeros rather than stale figures of an old leadership. */
  void forget() {
    depth = 0;
    oldest = null;
    parked = 0;
    nextRefresh = Instant.EPOCH;
  }

  private double oldestAgeSeconds() {
    Instant first = oldest;
    return first == null ? 0 : Duration.between(first, Instant.now()).toMillis() / 1000.0;
  }
}
