package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.cli.config.Components;
import io.sluice.cli.config.StateDir;
import io.sluice.cli.process.CommandLines;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.PostmasterReaper;
import io.sluice.cli.process.ProcessOwnership;
import io.sluice.cli.provision.LocalTopics;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Local mode for real, on free ports and in a temporary state folder: {@code up --infra-only}
 * starts a Kafka broker, the S3 store and PostgreSQL as processes that outlive the CLI, {@code
 * status} and {@code logs} report on them, a second {@code up} leaves them alone, and {@code down}
 * leaves no process behind. The steps share one set of processes, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeIT {

  private static final List<String> INFRA = List.of("kafka", "s3", "postgres");

  private Path home;
  private int kafkaPort;
  private int s3Port;
  private int postgresPort;
  private CliRunner runner;

  @BeforeAll
  void chooseFolderAndPorts() throws Exception {
    home = Files.createTempDirectory(Path.of("target"), "local-mode-").toAbsolutePath();
    List<Integer> ports = CliRunner.freePorts(5);
    kafkaPort = ports.get(0);
    s3Port = ports.get(2);
    postgresPort = ports.get(3);
    runner =
        new CliRunner(
            Map.of(
                "SLUICE_HOME", home.toString(),
                "SLUICE_KAFKA_PORT", Integer.toString(kafkaPort),
                "SLUICE_KAFKA_CONTROLLER_PORT", Integer.toString(ports.get(1)),
                "SLUICE_S3_PORT", Integer.toString(s3Port),
                "SLUICE_PG_PORT", Integer.toString(postgresPort),
                "SLUICE_PORT_BASE", Integer.toString(ports.get(4))),
            home);
  }

  @AfterAll
  void stopWhateverIsLeft() throws Exception {
    runner.cli("down");
  }

  @Test
  @Order(1)
  void upInfraOnlyStartsKafkaS3AndPostgresAndReturns() throws Exception {
    CliRunner.Result up = runner.cli("up", "--infra-only");

    assertThat(up.exitCode()).as(up.describe()).isZero();
    assertThat(up.stdout())
        .contains("Sluice local mode is ready (infrastructure only).")
        .contains("localhost:" + kafkaPort)
        .contains("http://localhost:" + s3Port + "  access key minioadmin, secret key minioadmin")
        .contains("jdbc:postgresql://localhost:" + postgresPort + "/sluice  user postgres");
    assertThat(INFRA).allSatisfy(name -> assertThat(ourProcess(name)).as(name).isPresent());
  }

  @Test
  @Order(2)
  void kafkaIsReachableAndEveryPlannedTopicExists() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      Set<String> topics = admin.listTopics().names().get();

      assertThat(topics).containsAll(LocalTopics.topics(Components.SERVICES));
    }
  }

  @Test
  @Order(3)
  void bothBucketsExist() throws Exception {
    try (StorageClient storage = storage()) {
      for (String bucket : List.of("datasets", "artifacts")) {
        assertThat(storage.bucketExists(bucket)).as(bucket).isTrue();
      }
    }
  }

  @Test
  @Order(4)
  void anObjectPutIntoDatasetsIsAnnouncedOnTheMinioTopic() throws Exception {
    try (StorageClient storage = storage()) {
      storage.put(
          "datasets",
          "iris/2026-11-22/iris.csv",
          "sepal_length,label\n5.1,setosa\n".getBytes(StandardCharsets.UTF_8));
    }

    try (KafkaConsumer<String, String> consumer = consumer()) {
      TopicPartition partition = new TopicPartition("minio.bucket.events", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                assertThat(seen)
                    .anySatisfy(
                        record -> {
                          assertThat(record.key()).isEqualTo("datasets/iris/2026-11-22/iris.csv");
                          assertThat(record.value()).contains("s3:ObjectCreated:Put");
                        });
              });
    }
  }

  @Test
  @Order(5)
  void postgresAcceptsAConnectionToTheSluiceDatabase() throws Exception {
    String url = "jdbc:postgresql://localhost:" + postgresPort + "/sluice";
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        ResultSet result = connection.createStatement().executeQuery("select current_database()")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("sluice");
    }
  }

  @Test
  @Order(6)
  void statusReportsTheInfrastructureReadyAndTheServicesStopped() throws Exception {
    CliRunner.Result status = runner.cli("status");

    assertThat(status.exitCode()).as(status.describe()).isZero();
    for (String name : INFRA) {
      long pid = ourProcess(name).orElseThrow().pid();
      assertThat(status.stdout()).containsPattern(name + " +" + pid + " +\\d+ +ready");
    }
    assertThat(status.stdout()).containsPattern("registry +- +\\d+ +stopped");
  }

  @Test
  @Order(7)
  void aSecondUpLeavesTheRunningProcessesAlone() throws Exception {
    List<PidRecord> before = INFRA.stream().map(n -> pidFiles().read(n).orElseThrow()).toList();

    CliRunner.Result again = runner.cli("up", "--infra-only");

    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(again.stdout()).contains("already running").contains("0 created, 11 already there");
    assertThat(INFRA.stream().map(n -> pidFiles().read(n).orElseThrow()).toList())
        .isEqualTo(before);
  }

  @Test
  @Order(8)
  void logsPrintsTheLogOfAComponent() throws Exception {
    CliRunner.Result logs = runner.cli("logs", "s3");

    assertThat(logs.exitCode()).as(logs.describe()).isZero();
    assertThat(logs.stdout()).contains("READY s3 http://localhost:" + s3Port);
  }

  @Test
  @Order(9)
  void downStopsEveryProcessAndLeavesNoneBehindButKeepsTheData() throws Exception {
    List<ProcessHandle> started = new ArrayList<>();
    INFRA.forEach(name -> started.add(ourProcess(name).orElseThrow()));
    PostmasterReaper.find(home.resolve("data/postgres")).ifPresent(started::add);
    assertThat(started).as("the three JVMs and the postmaster").hasSize(4);

    CliRunner.Result down = runner.cli("down");

    assertThat(down.exitCode()).as(down.describe()).isZero();
    await().untilAsserted(() -> assertThat(started).noneMatch(ProcessHandle::isAlive));
    assertThat(processesMentioning(home.toString())).isEmpty();
    assertThat(home.resolve("run")).isEmptyDirectory();
    assertThat(home.resolve("data/kafka/meta.properties")).exists();
  }

  private Optional<ProcessHandle> ourProcess(String name) {
    return pidFiles().read(name).flatMap(r -> new ProcessOwnership(home).find(name, r));
  }

  private PidFiles pidFiles() {
    return new PidFiles(new StateDir(home));
  }

  private String bootstrap() {
    return "localhost:" + kafkaPort;
  }

  private StorageClient storage() {
    return StorageClient.create(
        StorageSettings.of(
            URI.create("http://localhost:" + s3Port), "us-east-1", "minioadmin", "minioadmin"));
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new StringDeserializer(),
        new StringDeserializer());
  }

  private static List<ProcessHandle> processesMentioning(String text) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> CommandLines.of(p).stream().anyMatch(arg -> arg.contains(text)))
        .toList();
  }
}
