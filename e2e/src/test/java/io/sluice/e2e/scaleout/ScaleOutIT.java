package io.sluice.e2e.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.ObjectRef;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepFailed;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.testkit.EmbeddedKafka;
import io.sluice.testkit.EmbeddedS3;
import io.sluice.testkit.FreePorts;
import io.sluice.testkit.TestPostgres;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Scale-out: two replicas of the orchestrator and two of the trainer-launcher, as processes, share
 * 3-partition topics that the services created themselves. With 20 runs in flight, one replica of
 * each is killed with SIGKILL (its step processes with it); every run still ends exactly once, the
 * lost steps are reported and retried, and the survivors take over every partition and the outbox.
 * Its own Kafka, PostgreSQL and S3, so that the shared platform's one-partition topics stay as
 * local mode has them.
 */
@Order(8)
class ScaleOutIT {

  private static final int PARTITIONS = 3;
  private static final int DATASETS = 4;
  private static final int DROPS_PER_DATASET = 5;
  private static final int RUNS = DATASETS * DROPS_PER_DATASET;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration RUNS_TIMEOUT = Duration.ofMinutes(5);
  private static final String ORCHESTRATOR_GROUP = "orchestrator.runs";

  private static EmbeddedKafka kafka;
  private static TestPostgres postgres;
  private static EmbeddedS3 s3;
  private static DataSource database;
  private static Path workDir;
  private static final Map<String, ServiceReplica> replicas = new LinkedHashMap<>();
  private static TestEventBus bus;

  @BeforeAll
  static void startTwoReplicasOfOrchestratorAndLauncher() throws Exception {
    Path repo = Path.of(System.getProperty("sluice.repo", "..")).toAbsolutePath().normalize();
    workDir =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), "scale-out-");
    kafka = EmbeddedKafka.start();
    postgres = TestPostgres.start();
    String jdbcUrl =
        postgres.createDatabase("scaleout_" + UUID.randomUUID().toString().substring(0, 8));
    database = postgres.dataSource(jdbcUrl);
    s3 = EmbeddedS3.builder().start();
    s3.createBucket("artifacts");
    Map<String, String> env = commonEnvironment(jdbcUrl);
    for (String name : List.of("orchestrator-a", "orchestrator-b")) {
      replicas.put(
          name, ServiceReplica.start(repo, "orchestrator", name, FreePorts.find(), env, workDir));
    }
    for (String name : List.of("launcher-a", "launcher-b")) {
      Map<String, String> launcherEnv = new LinkedHashMap<>(env);
      launcherEnv.put("SLUICE_LAUNCHER_INSTANCE_ID", name);
      launcherEnv.put("SLUICE_LAUNCHER_WORK_DIR", workDir.resolve(name).toString());
      launcherEnv.put("SLUICE_LAUNCHER_RECOVERY_INTERVAL", "2s");
      launcherEnv.put("SLUICE_LAUNCHER_GPUS", "none");
      launcherEnv.put("SLUICE_LAUNCHER_LOCAL_ALLOWED_COMMANDS", "sh");
      replicas.put(
          name,
          ServiceReplica.start(
              repo, "trainer-launcher", name, FreePorts.find(), launcherEnv, workDir));
    }
    await("every replica ready")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .failFast(
            "a replica exited",
            () -> replicas.values().stream().anyMatch(replica -> !replica.isAlive()))
        .until(() -> replicas.values().stream().allMatch(ServiceReplica::isReady));
    bus = new TestEventBus(kafka.bootstrapServers(), List.of(Topics.RUNS), Optional.empty());
  }

  /** What a chart gives every replica: endpoints, topic settings and client tuning. */
  private static Map<String, String> commonEnvironment(String jdbcUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyFile().toString());
    // Given to the clients as session.timeout.ms / heartbeat.interval.ms: a killed replica's
    // partitions move after 6 s instead of the default 45 s.
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("SLUICE_EVENTING_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
    // The test's steps are shell one-liners under busybox (see pipeline()).
    env.put("SLUICE_IMAGES_ALLOWED", "docker.io/library/busybox");
    env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
    env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
    env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
    env.put("SLUICE_S3_ENDPOINT", s3.endpoint().toString());
    env.put("SLUICE_S3_ACCESS_KEY", s3.accessKey());
    env.put("SLUICE_S3_SECRET_KEY", s3.secretKey());
    env.put("ORT_DISABLE_TELEMETRY", "1");
    return env;
  }

  @AfterAll
  static void stopEverything() {
    if (bus != null) {
      bus.close();
    }
    replicas.values().forEach(ServiceReplica::close);
    for (AutoCloseable server : new AutoCloseable[] {s3, kafka, postgres}) {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception e) {
        System.err.println("[scale-out] cannot stop " + server + ": " + e);
      }
    }
  }

  @Test
  void everyRunEndsOnceWhenOneReplicaOfEachServiceIsKilledMidRun(TestInfo test) throws Exception {
    try {
      runAndKill();
    } catch (AssertionError | RuntimeException e) {
      replicas
          .values()
          .forEach(r -> System.err.println("[scale-out] log of " + r + ":\n" + tail(r.log())));
      throw e;
    }
  }

  private void runAndKill() throws Exception {
    assertThat(partitionsOf(Topics.RUNS)).as("created by the services, as configured").isEqualTo(3);
    assertThat(partitionsOf(Topics.DATA)).isEqualTo(3);
    await("both orchestrators share the partitions of " + ORCHESTRATOR_GROUP)
        .atMost(Duration.ofMinutes(1))
        .until(() -> membersOf(ORCHESTRATOR_GROUP).size() == 2);
    List<String> leaders = outboxLeaders("orchestrator-a", "orchestrator-b");
    assertThat(leaders).as("one orchestrator relays the outbox").hasSize(1);
    // The relay's leader is the one killed, so that the other must take the outbox over.
    String doomed = leaders.get(0);
    String survivor = doomed.equals("orchestrator-a") ? "orchestrator-b" : "orchestrator-a";

    String suffix = UUID.randomUUID().toString().substring(0, 6);
    List<String> datasets = new ArrayList<>();
    for (int d = 0; d < DATASETS; d++) {
      String dataset = "scale-" + suffix + "-" + d;
      register(pipeline(dataset));
      datasets.add(dataset);
    }
    List<String> versions = new ArrayList<>();
    for (int drop = 0; drop < DROPS_PER_DATASET; drop++) {
      for (String dataset : datasets) {
        DataArrived arrived = dataArrived(dataset);
        versions.add(arrived.versionId());
        bus.send(EventEnvelope.first("ingest", dataset, null, arrived));
      }
    }

    await("launcher-a is running steps, and steps were seen starting")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                runningAttemptsOf("launcher-a") > 0
                    && startedSteps(runsOf(versions).keySet()).size() >= 4);
    int startedBeforeKill = startedSteps(runsOf(versions).keySet()).size();
    replicas.get(doomed).kill();
    replicas.get("launcher-a").kill();
    System.out.printf(
        "[scale-out] killed %s (the outbox leader) and launcher-a after %d step starts%n",
        doomed, startedBeforeKill);

    Map<String, RunStarted> runs =
        await("every run started and ended")
            .atMost(RUNS_TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> runsOf(versions), started -> started.size() == RUNS && allEnded(started));

    for (RunStarted run : runs.values()) {
      assertThat(bus.events(run.runId(), RunSucceeded.class))
          .as("run %s succeeded exactly once", run.runId())
          .hasSize(1);
      assertThat(bus.events(run.runId(), RunFailed.class)).as("run %s", run.runId()).isEmpty();
      assertThat(bus.events(run.runId(), RunStarted.class))
          .as("run %s started once", run.runId())
          .hasSize(1);
    }
    assertThat(lostSteps(runs.keySet()))
        .as("the steps launcher-a was running were reported lost (and retried)")
        .isNotEmpty();
    await(survivor + " owns every partition")
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                assignedPartitions(membersOf(ORCHESTRATOR_GROUP)) == PARTITIONS
                    && membersOf(ORCHESTRATOR_GROUP).size() == 1);
    await(survivor + " relays the outbox")
        .atMost(Duration.ofMinutes(1))
        .until(() -> outboxLeaders(survivor).equals(List.of(survivor)));
  }

  private static String pipeline(String dataset) {
    return """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: prepare
            image: busybox:1
            command: [sh, -c, "sleep 2 && echo prepared > {{outputs.out}}/part.txt"]
            outputs: [out]
            retries: 3
            timeout: 2m
          - name: finish
            image: busybox:1
            command: [sh, -c, "sleep 2 && cat {{inputs.prepared}}/part.txt > {{outputs.out}}/done.txt"]
            inputs: {prepared: prepare.out}
            outputs: [out]
            retries: 3
            timeout: 2m
        """
        .formatted(dataset, dataset);
  }

  private static void register(String spec) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(replicas.get("orchestrator-a").url("/api/v1/pipelines")))
                    .header("Content-Type", "application/yaml")
                    .header("Authorization", "Bearer " + TestTokens.admin())
                    .POST(HttpRequest.BodyPublishers.ofString(spec))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static DataArrived dataArrived(String dataset) {
    String drop = dataset + "/" + UUID.randomUUID() + "/";
    byte[] digest = new byte[32];
    ThreadLocalRandom.current().nextBytes(digest);
    List<ObjectRef> objects =
        List.of(
            new ObjectRef(
                "datasets", drop + "data.csv", 10, "etag", HexFormat.of().formatHex(digest)));
    return new DataArrived(
        dataset,
        DataArrived.versionOf(drop, objects),
        "datasets",
        dataset + "/",
        drop,
        Completion.SUCCESS_MARKER,
        objects,
        1,
        List.of(new ColumnSpec("x", ColumnType.NUMBER)),
        null);
  }

  private static Map<String, RunStarted> runsOf(List<String> versions) {
    Set<String> wanted = Set.copyOf(versions);
    List<RunStarted> started =
        bus.envelopes(RunStarted.class, e -> wanted.contains(e.data().datasetVersion())).stream()
            .map(EventEnvelope::data)
            .toList();
    assertThat(started.stream().map(RunStarted::datasetVersion).distinct())
        .as("one run per dataset version, never two")
        .hasSize(started.size());
    return started.stream()
        .collect(Collectors.toMap(RunStarted::runId, Function.identity(), (a, b) -> a));
  }

  private static boolean allEnded(Map<String, RunStarted> runs) {
    return runs.keySet().stream()
        .allMatch(
            run ->
                !bus.events(run, RunSucceeded.class).isEmpty()
                    || !bus.events(run, RunFailed.class).isEmpty());
  }

  private static List<StepStarted> startedSteps(Set<String> runIds) {
    return bus.envelopes(StepStarted.class, e -> runIds.contains(e.subject())).stream()
        .map(EventEnvelope::data)
        .toList();
  }

  private static List<StepFailed> lostSteps(Set<String> runIds) {
    return bus.envelopes(StepFailed.class, e -> runIds.contains(e.subject())).stream()
        .map(EventEnvelope::data)
        .filter(failed -> failed.reason() == FailureReason.EXECUTOR_LOST)
        .toList();
  }

  private static int runningAttemptsOf(String launcher) throws Exception {
    try (Connection connection = database.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM trainer_launcher.launcher_attempts"
                    + " WHERE owner = ? AND state = 'STARTED'")) {
      query.setString(1, launcher);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<String> outboxLeaders(String... names) {
    List<String> leaders = new ArrayList<>();
    for (String name : names) {
      var readiness = replicas.get(name).readiness();
      boolean leader =
          readiness != null
              && readiness.path("checks").findValues("outbox.leader").stream()
                  .anyMatch(value -> value.asBoolean());
      if (leader) {
        leaders.add(name);
      }
    }
    return leaders;
  }

  private static int partitionsOf(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static List<MemberDescription> membersOf(String group) throws Exception {
    try (Admin admin = admin()) {
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      return List.copyOf(description.members());
    }
  }

  private static int assignedPartitions(List<MemberDescription> members) {
    return members.stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static String tail(String log) {
    return log.length() <= 6_000 ? log : log.substring(log.length() - 6_000);
  }
}
