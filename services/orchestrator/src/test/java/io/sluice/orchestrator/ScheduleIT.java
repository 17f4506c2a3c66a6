package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.eventing.Transactor;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunStarted;
import io.sluice.events.Topics;
import io.sluice.events.TriggerKind;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.run.RunCanceller;
import io.sluice.orchestrator.run.RunStarter;
import io.sluice.orchestrator.schedule.ScheduleFirer;
import io.sluice.orchestrator.schedule.ScheduleLoop;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cron schedules against real Postgres and Kafka. Two {@link ScheduleFirer} instances on the same
 * database stand for two replicas (or a replica before and after a restart); they are driven with
 * explicit clocks at the ticks of a cron that fires on 29 February only, so the application's own
 * scheduler thread never fires these schedules while a test runs.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ScheduleIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String LEAP_DAYS = "0 2 29 2 *";
  private static final Instant TICK_1 = Instant.parse("2028-02-29T02:00:00Z");
  private static final Instant TICK_2 = Instant.parse("2032-02-29T02:00:00Z");
  private static final Instant TICK_3 = Instant.parse("2036-02-29T02:00:00Z");

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject Transactor transactor;
  @Inject PipelineSpecs specs;
  @Inject RunStarter starter;
  @Inject RunCanceller canceller;
  @Inject MeterRegistry meters;
  @Inject ScheduleLoop loop;
  @Inject DataSource dataSource;

  private ScheduleFirer replicaA;
  private ScheduleFirer replicaB;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @BeforeEach
  void twoReplicas() {
    replicaA = replica();
    replicaB = replica();
  }

  private ScheduleFirer replica() {
    return new ScheduleFirer(transactor, specs, starter, canceller, meters);
  }

  @Test
  void twoReplicasFireATickOnceAndForbidSkipsTheNextWhileItsRunRuns() throws Exception {
    String name = registerScheduled("forbid");
    arrivedAndRecorded(name);
    assertThat(runs(name)).as("schedules, not arrivals, start this pipeline").isEmpty();
    assertThat(schedule(name).getString("nextFireAt")).isEqualTo(TICK_1.toString());

    fireConcurrently(TICK_1.plusSeconds(1), replicaA, replicaB);

    List<String> runs = runs(name);
    assertThat(runs).hasSize(1);
    EventEnvelope<RunStarted> started =
        await().atMost(PATIENCE).until(() -> runStarted(runs.get(0)), e -> e != null);
    assertThat(started.data().trigger().kind()).isEqualTo(TriggerKind.SCHEDULE);
    assertThat(started.data().trigger().schedule()).isEqualTo("nightly");
    assertThat(started.data().trigger().scheduledAt()).isEqualTo(TICK_1);

    fireConcurrently(TICK_2.plusSeconds(1), replicaA, replicaB);

    assertThat(runs(name)).containsExactly(runs.get(0));
    Fields schedule = schedule(name);
    assertThat(schedule.getString("lastSkippedAt")).isEqualTo(TICK_2.toString());
    assertThat(schedule.getString("lastSkipReason"))
        .isEqualTo(
            "run " + runs.get(0) + " of this schedule is still running (concurrency: forbid)");
    assertThat(schedule.getLong("skippedTicks")).isEqualTo(1);
    assertThat(schedule.getString("lastRunId")).isEqualTo(runs.get(0));
    assertThat(schedule.getString("nextFireAt")).isEqualTo(TICK_3.toString());
  }

  @Test
  void replaceCancelsTheRunningRunNamingTheScheduleThenStarts() throws Exception {
    String name = registerScheduled("replace");
    arrivedAndRecorded(name);

    replicaA.fireDue(TICK_1.plusSeconds(1));
    String first = runs(name).get(0);
    replicaB.fireDue(TICK_2.plusSeconds(1));

    List<String> runs = runs(name);
    assertThat(runs).hasSize(2).startsWith(first);
    JsonPath replaced = run(first);
    assertThat(replaced.getString("state")).isEqualTo("CANCELLED");
    assertThat(replaced.getString("cancelReason"))
        .isEqualTo(
            "replaced by the tick " + TICK_2 + " of schedule 'nightly' (concurrency: replace)");
    assertThat(run(runs.get(1)).getString("state")).isEqualTo("RUNNING");
  }

  @Test
  void aRestartedSchedulerFiresFromTheStoredStateWithOneCatchUpRunForMissedTicks()
      throws Exception {
    String name = registerScheduled("allow");
    arrivedAndRecorded(name);
    replicaA.fireDue(TICK_1.plusSeconds(1));

    ScheduleFirer restarted = replica();
    restarted.fireDue(TICK_1.plusSeconds(2));
    assertThat(runs(name)).as("the tick fired before the restart stays fired").hasSize(1);

    // Down from before 2032 to after 2044: ticks 2032, 2036, 2040 and 2044 passed.
    restarted.fireDue(Instant.parse("2045-01-01T00:00:00Z"));

    assertThat(runs(name))
        .as("allow: a second run beside the first, one for all missed")
        .hasSize(2);
    Fields schedule = schedule(name);
    assertThat(schedule.getString("lastFiredAt")).isEqualTo("2044-02-29T02:00:00Z");
    assertThat(schedule.getLong("skippedTicks")).isEqualTo(3);
    assertThat(schedule.getString("nextFireAt")).isEqualTo("2048-02-29T02:00:00Z");
  }

  @Test
  void aTickWithoutADatasetVersionIsSkippedWithThatSaid() throws Exception {
    String name = registerScheduled("allow");

    replicaA.fireDue(TICK_1.plusSeconds(1));

    assertThat(runs(name)).isEmpty();
    assertThat(schedule(name).getString("lastSkipReason"))
        .isEqualTo("no version of dataset '" + name + "' has arrived yet: nothing to read");
  }

  @Test
  void aNewVersionReplansAndARemovedScheduleStops() throws Exception {
    String name = registerScheduled("allow");
    RunDriver.register(scheduledSpec(name, "forbid").replace(LEAP_DAYS, "0 3 * * 1"));
    assertThat(schedule(name).getString("cron")).isEqualTo("0 3 * * 1");
    assertThat(schedule(name).getString("concurrency")).isEqualTo("forbid");

    RunDriver.register(
        scheduledSpec(name, "allow")
            .replace("  schedules:\n", "  #\n")
            .replaceAll("    - \\{name: nightly.*\\n", ""));

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name + "/schedules")
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(0));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/no-such/schedules")
        .then()
        .statusCode(404);
  }

  /** The application's own scheduler thread, woken, fires a schedule that is due. */
  @Test
  void theSchedulerThreadFiresADueScheduleWhenWoken() throws Exception {
    String name = registerScheduled("allow");
    arrivedAndRecorded(name);
    sql(
        "UPDATE pipeline_schedules SET next_fire_at = now() - interval '1 second'"
            + " WHERE pipeline_name = '"
            + name
            + "'");

    loop.wake();

    await().atMost(PATIENCE).until(() -> runs(name).size() == 1);
  }

  private static String scheduledSpec(String name, String policy) {
    return """
        name: %s
        trigger:
          dataset: %s
          schedules:
            - {name: nightly, cron: "%s", timezone: UTC, concurrency: %s}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
        """
        .formatted(name, name, LEAP_DAYS, policy);
  }

  private static String registerScheduled(String policy) {
    String name = RunDriver.unique("sched");
    RunDriver.register(scheduledSpec(name, policy));
    return name;
  }

  /** A dataset version arrives and the orchestrator has recorded it (the event was consumed). */
  private void arrivedAndRecorded(String dataset) {
    driver.arrive(dataset);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count("SELECT count(*) FROM dataset_versions WHERE dataset_name = ?", dataset)
                    == 1);
  }

  private static void fireConcurrently(Instant now, ScheduleFirer... replicas) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(replicas.length);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (ScheduleFirer replica : replicas) {
        Callable<Object> fire =
            () -> {
              go.await();
              return replica.fireDue(now);
            };
        done.add(pool.submit(fire));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> runs(String pipeline) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id FROM runs WHERE pipeline_name = ? ORDER BY id")) {
      select.setString(1, pipeline);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  private long count(String sql, String arg) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, arg);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void sql(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.executeUpdate();
    }
  }

  private static EventEnvelope<RunStarted> runStarted(String runId) {
    return bus.chain(runId, RunStarted.class).stream().findFirst().orElse(null);
  }

  /** The pipeline's one schedule over REST, read as a viewer. */
  private static Fields schedule(String pipeline) {
    List<java.util.Map<String, Object>> all =
        given()
            .auth()
            .oauth2(TestTokens.withRoles(Roles.VIEWER))
            .get("/api/v1/pipelines/" + pipeline + "/schedules")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    assertThat(all).hasSize(1);
    return new Fields(all.get(0));
  }

  private record Fields(java.util.Map<String, Object> map) {
    String getString(String key) {
      Object value = map.get(key);
      return value == null ? null : value.toString();
    }

    long getLong(String key) {
      return ((Number) map.get(key)).longValue();
    }
  }

  private static JsonPath run(String runId) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + runId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
