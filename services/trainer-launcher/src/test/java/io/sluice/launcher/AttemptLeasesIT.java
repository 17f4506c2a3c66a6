package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.eventing.Transactor;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.events.UuidV7;
import io.sluice.launcher.attempt.AttemptFinisher;
import io.sluice.launcher.attempt.AttemptRecovery;
import io.sluice.launcher.attempt.AttemptReporter;
import io.sluice.launcher.attempt.AttemptStore;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLock;
import io.sluice.launcher.attempt.OwnerLocks;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher's side of "nobody reports on an attempt": outcomes survive a database outage,
 * heartbeats, the owner lock's session dying, cancels for another replica's attempt, leftover
 * processes of a gone launcher, and attempts this launcher no longer runs. Real Kafka and Postgres;
 * the heartbeat lease is 3 s in tests (a round every second).
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class AttemptLeasesIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static TestEventBus bus;

  @Inject DataSource dataSource;
  @Inject LauncherStartup startup;
  @Inject LauncherIdentity identity;
  @Inject OwnerLock ownerLock;
  @Inject AttemptStore store;
  @Inject AttemptFinisher finisher;
  @Inject Transactor transactor;
  @Inject Executor executor;
  @Inject AttemptReporter reporter;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("trainer-launcher", Topics.RUNS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  private static String newRun() {
    return "run-lease-" + StepRequests.randomSha256().substring(0, 16);
  }

  private static EventEnvelope<StepRequested> request(StepRequests request) {
    EventEnvelope<StepRequested> event =
        EventEnvelope.first("orchestrator", request.runId(), null, request.build());
    bus.send(event);
    return event;
  }

  private static void cancel(String run, String step, String reason) {
    bus.send(
        EventEnvelope.first(
            "orchestrator", run, null, new StepCancelRequested(run, step, 1, 0, reason)));
  }

  private static StepFailed awaitFailed(String run) {
    return await()
        .atMost(PATIENCE)
        .until(() -> bus.events(run, StepFailed.class), events -> !events.isEmpty())
        .get(0);
  }

  private static void sendSentinelAndAwait(String run) {
    request(StepRequests.shell(run, "sentinel", "true"));
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                bus.events(run, StepDone.class).stream()
                    .anyMatch(done -> done.stepName().equals("sentinel")));
  }

  @Test
  void anOutcomeIsKeptThroughADatabaseOutageAndRecordedWhenItComesBack() throws Exception {
    String run = newRun();
    insertStarted(run, "train", "some-launcher-" + run, null, null, Instant.now());
    AtomicBoolean down = new AtomicBoolean(true);
    AttemptReporter patient =
        new AttemptReporter(
            new Transactor(failingWhile(down)), store, finisher, Duration.ofMillis(200));
    StepRequested request =
        new StepRequests(run, "train", 1, List.of("true"), Map.of(), List.of(), List.of(), 60)
            .build();

    patient.ended(request, new AttemptOutcome.Succeeded(List.of(), Map.of(), 0, Instant.now()));
    // Longer than any give-up a reporter could afford to have: it must simply keep trying.
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(7))
        .until(() -> patient.pendingCount() == 1);
    assertThat(stateOf(run)).isEqualTo("STARTED");
    down.set(false);

    await().atMost(PATIENCE).until(() -> patient.pendingCount() == 0);
    assertThat(stateOf(run)).isEqualTo("DONE");
    await().atMost(PATIENCE).until(() -> !bus.events(run, StepDone.class).isEmpty());
    patient.close();
  }

  /** The real data source, except that no connection can be had while {@code down}. */
  private DataSource failingWhile(AtomicBoolean down) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection") && down.get()) {
                throw new SQLException("connection refused (the test's outage)");
              }
              return method.invoke(dataSource, args);
            });
  }

  @Test
  void aLiveAttemptIsHeartbeatedUntilItsOutcomeIsRecorded() {
    String run = newRun();
    request(StepRequests.shell(run, "train", "sleep 3"));

    List<StepHeartbeat> beats =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(run, StepHeartbeat.class), found -> found.size() >= 3);
    assertThat(beats.get(0).owner()).isEqualTo(identity.instanceId());
    assertThat(beats.get(0).executor()).isEqualTo("local");
    assertThat(beats.get(0).leaseSeconds()).isEqualTo(3);
    await().atMost(PATIENCE).until(() -> !bus.events(run, StepDone.class).isEmpty());
    int afterDone = bus.events(run, StepHeartbeat.class).size() + 1; // one round may be in flight
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> bus.events(run, StepHeartbeat.class).size() <= afterDone);
  }

  @Test
  void killingTheOwnerLockSessionLetsNoOtherReplicaDeclareALiveAttemptLost() throws Exception {
    String run = newRun();
    request(StepRequests.shell(run, "train", "sleep 120"));
    await().atMost(PATIENCE).until(() -> !bus.events(run, StepStarted.class).isEmpty());
    long lockPid = lockSessionPid();

    terminate(lockPid);
    String other = "replica-b-" + run;
    AttemptRecovery replicaB =
        new AttemptRecovery(
            transactor,
            store,
            finisher,
            executor,
            reporter,
            Duration.ofSeconds(3),
            Clock.systemUTC());
    try (OwnerLock otherLock = new OwnerLock(dataSource::getConnection, other)) {
      assertThat(otherLock.acquire()).isTrue();
      // Replica B sees this launcher's lock free, but its heartbeats keep the attempt's lease.
      for (int round = 0; round < 3; round++) {
        replicaB.recover(otherLock, other);
        Thread.sleep(1000); // three recovery rounds over three seconds (a whole lease)
      }
    }
    assertThat(stateOf(run)).isEqualTo("STARTED");
    assertThat(bus.events(run, StepFailed.class)).isEmpty();
    await().atMost(PATIENCE).until(() -> ownerLock.held() && lockSessionPid() != lockPid);

    cancel(run, "train", "test done");
    assertThat(awaitFailed(run).reason()).isEqualTo(FailureReason.CANCELLED);
  }

  @Test
  void aCancelForAnotherReplicasAttemptIsLeftToItsOwner() throws Exception {
    String run = newRun();
    String other = "replica-x-" + run;
    insertStarted(run, "train", other, null, null, Instant.now());
    try (Connection otherSession = dataSource.getConnection()) {
      assertThat(OwnerLocks.tryLock(otherSession, other)).isTrue();

      cancel(run, "train", "run cancelled");
      sendSentinelAndAwait(run);

      assertThat(bus.events(run, StepFailed.class)).isEmpty();
      assertThat(stateOf(run)).isEqualTo("STARTED");
      OwnerLocks.unlock(otherSession, other);
    }
    // The owner is gone now: whoever recovers its attempt answers the pending cancel.
    expireLease(run);
    startup.recoverLostAttempts();

    StepFailed failed = awaitFailed(run);
    assertThat(failed.reason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(failed.message()).contains("run cancelled");
  }

  @Test
  void aLeftoverProcessOfAGoneLauncherIsKilledBeforeItsAttemptIsReportedLost() throws Exception {
    String run = newRun();
    Process leftover = new ProcessBuilder("sleep", "300").start();
    Instant startedAt = leftover.info().startInstant().orElseThrow();
    insertStarted(
        run, "train", "gone-" + run, leftover.pid(), startedAt, Instant.now().minusSeconds(60));
    // A recorded pid whose start time differs is some other process now: never killed.
    String reusedRun = newRun();
    Process unrelated = new ProcessBuilder("sleep", "300").start();
    insertStarted(
        reusedRun,
        "train",
        "gone-" + reusedRun,
        unrelated.pid(),
        startedAt.minusSeconds(3600),
        Instant.now().minusSeconds(60));
    try {
      startup.recoverLostAttempts();

      assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(awaitFailed(run).reason()).isEqualTo(FailureReason.EXECUTOR_LOST);
      assertThat(unrelated.isAlive()).isTrue();
      assertThat(awaitFailed(reusedRun).reason()).isEqualTo(FailureReason.EXECUTOR_LOST);
    } finally {
      leftover.destroyForcibly();
      unrelated.destroyForcibly();
    }
  }

  @Test
  void anOwnAttemptNoLongerRunningHereIsReportedOnceItsLeaseLapsed() throws Exception {
    String run = newRun();
    insertStarted(run, "train", identity.instanceId(), null, null, Instant.now().minusSeconds(60));

    StepFailed failed = awaitFailed(run);
    assertThat(failed.reason()).isEqualTo(FailureReason.EXECUTOR_LOST);
    assertThat(failed.retryable()).isTrue();
  }

  private void insertStarted(
      String run, String step, String owner, Long pid, Instant pidStartedAt, Instant heartbeatAt)
      throws Exception {
    String sql =
        "INSERT INTO launcher_attempts (run_id, step_name, attempt, shard_index, state, owner,"
            + " executor, node, correlation_id, cause_event_id, started_at, heartbeat_at, pid,"
            + " pid_started_at) VALUES (?, ?, 1, 0, 'STARTED', ?, 'local', ?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, run);
      insert.setString(2, step);
      insert.setString(3, owner);
      insert.setString(4, identity.node());
      insert.setString(5, "chain-" + run);
      insert.setString(6, UuidV7.nextString());
      insert.setTimestamp(7, Timestamp.from(Instant.now().minusSeconds(30)));
      insert.setTimestamp(8, Timestamp.from(heartbeatAt));
      insert.setObject(9, pid);
      insert.setTimestamp(10, pidStartedAt == null ? null : Timestamp.from(pidStartedAt));
      insert.executeUpdate();
    }
  }

  private void expireLease(String run) throws Exception {
    update("UPDATE launcher_attempts SET heartbeat_at = NULL WHERE run_id = ?", run);
  }

  private void terminate(long pid) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      kill.setInt(1, (int) pid);
      kill.execute();
    }
  }

  /** The backend holding this launcher's owner lock (its dedicated session). */
  private long lockSessionPid() throws Exception {
    String sql =
        "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
            + " WHERE a.application_name = 'sluice-launcher-owner-lock' AND l.locktype = 'advisory'"
            + " AND l.granted";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? rows.getLong(1) : -1;
    }
  }

  private void update(String sql, String run) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, run);
      update.executeUpdate();
    }
  }

  private String stateOf(String run) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT state FROM launcher_attempts WHERE run_id = ? AND step_name = 'train'")) {
      select.setString(1, run);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}
