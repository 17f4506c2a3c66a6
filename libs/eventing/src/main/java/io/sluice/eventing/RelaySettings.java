package io.sluice.eventing;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox relay connects and paces itself.
 *
 * @param jdbcUrl the relay holds its own connection (not a pooled one): it keeps the leader lock
 *     and listens for commit notifications on it
 * @param schema the schema holding the outbox (Postgres {@code currentSchema}), or null for the
 *     URL's default
 * @param leaderLockKey the advisory lock that makes one replica of a service the only publisher,
 *     which is what keeps per-key order with several replicas
 * @param batchSize rows read and published per round
 * @param safetyNetInterval how long an idle leader waits for a notification before looking anyway
 *     (covers a notification lost with a dropped connection; commits normally wake it at once)
 * @param leaderRetryInterval how often a follower tries to take over the leader lock
 * @param appliedEventRetention how long applied event ids are kept for deduplication
 */
public record RelaySettings(
    String jdbcUrl,
    String username,
    String password,
    String schema,
    long leaderLockKey,
    int batchSize,
    Duration safetyNetInterval,
    Duration leaderRetryInterval,
    Duration appliedEventRetention) {

  public RelaySettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    Objects.requireNonNull(safetyNetInterval, "safetyNetInterval");
    Objects.requireNonNull(leaderRetryInterval, "leaderRetryInterval");
    Objects.requireNonNull(appliedEventRetention, "appliedEventRetention");
  }

  /** Defaults suited to production and tests alike. */
  public static RelaySettings defaults(
      String jdbcUrl, String username, String password, String serviceName) {
    return new RelaySettings(
        jdbcUrl,
        username,
        password,
        null,
        lockKeyFor(serviceName),
        500,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofDays(7));
  }

  /** A stable advisory-lock key per service, so services sharing a database never collide. */
  public static long lockKeyFor(String serviceName) {
    return 0x51_1C_E0_00_00_00_00_00L ^ serviceName.hashCode();
  }
}
