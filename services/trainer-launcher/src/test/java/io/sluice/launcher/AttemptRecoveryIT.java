package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.StepFailed;
import io.sluice.events.Topics;
import io.sluice.events.UuidV7;
import io.sluice.launcher.attempt.OwnerLocks;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attempts left STARTED by a launcher that died are reported EXECUTOR_LOST by the next start's
 * recovery (the same method {@link LauncherStartup} runs at startup); a live launcher's are not.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class AttemptRecoveryIT {

  private static TestEventBus bus;

  @Inject DataSource dataSource;
  @Inject LauncherStartup startup;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("trainer-launcher", Topics.RUNS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void attemptsOfADeadLauncherAreReportedLostAndALiveOnesAreLeftAlone() throws Exception {
    String unique = StepRequests.randomSha256().substring(0, 12);
    String deadRun = "run-dead-" + unique;
    String liveRun = "run-live-" + unique;
    String liveOwner = "live-launcher-" + unique;
    insertStarted(deadRun, "dead-launcher-" + unique, "chain-" + unique);
    insertStarted(liveRun, liveOwner, "chain-live-" + unique);

    try (Connection liveSession = dataSource.getConnection()) {
      assertThat(OwnerLocks.tryLock(liveSession, liveOwner)).isTrue();

      assertThat(startup.recoverLostAttempts()).isGreaterThanOrEqualTo(1);

      assertThat(stateOf(liveRun)).isEqualTo("STARTED");
      assertThat(stateOf(deadRun)).isEqualTo("FAILED");
      OwnerLocks.unlock(liveSession, liveOwner);
    }
    List<EventEnvelope<StepFailed>> failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> bus.envelopes(deadRun, StepFailed.class), events -> !events.isEmpty());
    assertThat(failed)
        .singleElement()
        .satisfies(e -> assertThat(e.correlationId()).isEqualTo("chain-" + unique))
        .satisfies(e -> assertThat(e.data().reason()).isEqualTo(FailureReason.EXECUTOR_LOST))
        .satisfies(e -> assertThat(e.data().retryable()).isTrue())
        .satisfies(e -> assertThat(e.data().message()).contains("dead-launcher-" + unique));
    deleteAttempt(liveRun);
  }

  @Test
  void recoveringTwiceReportsALostAttemptOnce() throws Exception {
    String unique = StepRequests.randomSha256().substring(0, 12);
    String run = "run-dead-" + unique;
    insertStarted(run, "dead-launcher-" + unique, "chain-" + unique);

    assertThat(startup.recoverLostAttempts()).isGreaterThanOrEqualTo(1);
    assertThat(startup.recoverLostAttempts()).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> bus.envelopes(run, StepFailed.class), events -> !events.isEmpty());
    assertThat(stateOf(run)).isEqualTo("FAILED");
  }

  private void insertStarted(String run, String owner, String correlation) throws Exception {
    String sql =
        "INSERT INTO launcher_attempts (run_id, step_name, attempt, shard_index, state, owner,"
            + " executor, node, correlation_id, cause_event_id, started_at)"
            + " VALUES (?, 'train', 1, 0, 'STARTED', ?, 'local', 'old-host', ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, run);
      insert.setString(2, owner);
      insert.setString(3, correlation);
      insert.setString(4, UuidV7.nextString());
      insert.setTimestamp(5, Timestamp.from(Instant.now().minusSeconds(30)));
      insert.executeUpdate();
    }
  }

  private String stateOf(String run) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT state FROM launcher_attempts WHERE run_id = ?")) {
      select.setString(1, run);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private void deleteAttempt(String run) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM launcher_attempts WHERE run_id = ?")) {
      delete.setString(1, run);
      delete.executeUpdate();
    }
  }
}
