package io.sluice.bench.orchestrator;

import io.sluice.testkit.EmbeddedKafka;
import io.sluice.testkit.PlatformTopics;
import io.sluice.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scale-out of the orchestrator: the same burst of runs started at once, drained by 1 and then by 2
 * orchestrator replicas (processes sharing the consumer group) on topics with several partitions.
 * Each configuration gets a fresh Kafka and database, a warm-up, then the burst; the simulated
 * executor answers every step at once, as in {@link OrchestratorBench}.
 *
 * <p>Run: {@code java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.orchestrator.ReplicaBench [burstRuns=1000] [warmupRuns=200] [setups=1:1,3:1,3:2]}
 * (each setup is partitions:replicas) from the repository root, after {@code ./mvnw -B -q install
 * -DskipTests}.
 */
public final class ReplicaBench {

  private static final int STEPS = 5;
  private static final String DATASET = "bench";
  private static final Path JAR =
      Path.of("services/orchestrator/target/quarkus-app/quarkus-run.jar");

  private ReplicaBench() {}

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    String[] setups = (args.length > 2 ? args[2] : "1:1,3:1,3:2").split(",");
    List<String> rows = new ArrayList<>();
    try (TestPostgres postgres = TestPostgres.start()) {
      for (String setup : setups) {
        int partitions = Integer.parseInt(setup.split(":")[0]);
        int replicas = Integer.parseInt(setup.split(":")[1]);
        ScenarioResult result = measure(postgres, partitions, replicas, warmup, burst);
        String row = "| " + partitions + " | " + replicas + " " + result.row();
        System.out.println("[bench] " + row);
        rows.add(row);
      }
    }
    System.out.printf(
        "%nOrchestrator replicas, %s, %d-step linear pipeline, simulated executor, times in ms%n",
        LocalDate.now(), STEPS);
    List<String> header = ScenarioResult.HEADER.lines().toList();
    System.out.println("| partitions | replicas " + header.get(0));
    System.out.println("|---|---" + header.get(1));
    rows.forEach(System.out::println);
    System.exit(0);
  }

  private static ScenarioResult measure(
      TestPostgres postgres, int partitions, int replicas, int warmup, int burst) throws Exception {
    String database = "replica_bench_" + UUID.randomUUID().toString().substring(0, 8);
    String url = postgres.createDatabase(database);
    DurabilitySetting.apply(postgres.dataSource(url), database);
    List<OrchestratorProcess> orchestrators = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(partitions, PlatformTopics.all().toArray(String[]::new));
      for (int i = 0; i < replicas; i++) {
        Path log = Path.of("bench/target/replica-bench-" + replicas + "-" + i + ".log");
        Files.createDirectories(log.getParent());
        orchestrators.add(
            OrchestratorProcess.start(
                JAR, environment(kafka.bootstrapServers(), url, postgres, i), List.of(), log));
      }
      try (SimulatedExecutor executor = new SimulatedExecutor(kafka.bootstrapServers());
          DatasetDrops drops = new DatasetDrops(kafka.bootstrapServers(), DATASET)) {
        BenchPipeline.register(
            orchestrators.get(0).baseUri(), BenchPipeline.yaml("bench-chain", DATASET, STEPS));
        Scenarios scenarios =
            new Scenarios(drops, executor, new StoredRuns(postgres.dataSource(url)));
        scenarios.oneAtATime("warm-up", warmup);
        return scenarios.concurrent(String.format("%,d at once", burst), burst);
      } finally {
        for (OrchestratorProcess orchestrator : orchestrators) {
          orchestrator.close();
        }
      }
    }
  }

  private static Map<String, String> environment(
      String bootstrap, String url, TestPostgres postgres, int replica) {
    Map<String, String> env =
        new LinkedHashMap<>(OrchestratorBench.environment(bootstrap, url, postgres));
    env.put("SLUICE_EVENTING_INSTANCE_ID", "orchestrator-" + replica);
    return env;
  }
}
