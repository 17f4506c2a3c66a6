package io.sluice.gateway.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas' leaderships on the test kit's real Postgres. */
class DatabaseLeadershipIT {

  private static final Duration RETRY = Duration.ofMillis(200);
  private static final Duration HEARTBEAT = Duration.ofMillis(200);

  /** The bound the class promises is retry + 2 x heartbeat (0.6 s); room for a loaded machine. */
  private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(5);

  private static final AtomicLong KEYS = new AtomicLong(0x5e1ec7_0000L);

  private static TestPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void exactlyOneOfTwoReplicasLeads() throws Exception {
    long key = KEYS.incrementAndGet();
    try (DatabaseLeadership first = leadership(key);
        DatabaseLeadership second = leadership(key)) {
      first.start();
      second.start();

      await().atMost(TAKEOVER_BOUND).until(() -> first.isLeader() || second.isLeader());
      awaitTwoSessions(key);
      List<Boolean> leading = List.of(first.isLeader(), second.isLeader());
      assertThat(leading).containsExactlyInAnyOrder(true, false);
    }
  }

  @Test
  void followerTakesOverWhenTheLeaderCloses() throws Exception {
    long key = KEYS.incrementAndGet();
    DatabaseLeadership first = leadership(key);
    try (DatabaseLeadership second = leadership(key)) {
      first.start();
      await().atMost(TAKEOVER_BOUND).until(first::isLeader);
      second.start();
      awaitTwoSessions(key);
      assertThat(second.isLeader()).as("the follower tried and was refused").isFalse();

      first.close();
      assertThat(first.isLeader()).as("closing steps down at once").isFalse();
      await().atMost(TAKEOVER_BOUND).until(second::isLeader);
    }
  }

  @Test
  void leaderWhoseSessionIsKilledStepsDownAndTheFollowerTakesOver() throws Exception {
    long key = KEYS.incrementAndGet();
    try (DatabaseLeadership first = leadership(key);
        DatabaseLeadership second = leadership(key)) {
      first.start();
      await().atMost(TAKEOVER_BOUND).until(first::isLeader);
      second.start();
      awaitTwoSessions(key);
      AtomicInteger overlaps = watchForOverlap(first, second);

      terminate(lockHolderPid(key));

      await().atMost(TAKEOVER_BOUND).until(() -> !first.isLeader());
      await().atMost(TAKEOVER_BOUND).until(second::isLeader);
      assertThat(overlaps.get()).as("samples where both counted themselves leader").isZero();
      // The killed replica reconnects and stays a follower: it does not become a second leader.
      awaitTwoSessions(key);
      assertThat(first.isLeader()).isFalse();
      assertThat(second.isLeader()).isTrue();
    }
  }

  private static DatabaseLeadership leadership(long key) {
    return new DatabaseLeadership(
        new DatabaseLeadership.Settings(
            postgres.jdbcUrl(), postgres.username(), postgres.password(), key, RETRY, HEARTBEAT));
  }

  /** Samples both replicas for a while, counting moments when both claim to lead. */
  private static AtomicInteger watchForOverlap(RolloutLeadership a, RolloutLeadership b) {
    AtomicInteger overlaps = new AtomicInteger();
    Thread watcher =
        new Thread(
            () -> {
              long end = System.nanoTime() + TAKEOVER_BOUND.toNanos();
              while (System.nanoTime() < end) {
                if (a.isLeader() && b.isLeader()) {
                  overlaps.incrementAndGet();
                }
                Thread.onSpinWait();
              }
            });
    watcher.setDaemon(true);
    watcher.start();
    return overlaps;
  }

  /**
   * Both replicas are connected and one holds the lock: the other's last statement was an attempt
   * at the lock, so it is trying and being refused.
   */
  private static void awaitTwoSessions(long key) {
    await().atMost(TAKEOVER_BOUND).until(() -> lockHolders(key) == 1 && followersTrying(key) == 1);
  }

  private static long followersTrying(long key) throws Exception {
    return queryLong(
        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            + " AND query LIKE 'SELECT pg_try_advisory_lock%' AND pid NOT IN "
            + holderPids(key));
  }

  private static long lockHolders(long key) throws Exception {
    return queryLong("SELECT count(*) FROM " + holderPids(key) + " AS holders");
  }

  private static long lockHolderPid(long key) throws Exception {
    return queryLong("SELECT pid FROM " + holderPids(key) + " AS holders");
  }

  private static String holderPids(long key) {
    return "(SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        + " AND ((classid::bigint << 32) | objid::bigint) = "
        + key
        + ")";
  }

  private static void terminate(long pid) throws Exception {
    assertThat(queryLong("SELECT CASE WHEN pg_terminate_backend(" + pid + ") THEN 1 ELSE 0 END"))
        .isEqualTo(1);
  }

  private static long queryLong(String sql) throws Exception {
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
