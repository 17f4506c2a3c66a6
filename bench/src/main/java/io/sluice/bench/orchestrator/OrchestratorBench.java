package io.sluice.bench.orchestrator;

import io.sluice.testkit.FreePorts;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.TestPostgres;
import io.sluice.testkit.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures the orchestrator's control-plane overhead per step, warmed up: the time from producing a
 * {@code step.done} to receiving the next {@code step.requested} of that run, with the real
 * orchestrator (its built fast-jar, as a separate process) on the test kit's real Kafka and
 * PostgreSQL. Steps do not run: a {@link SimulatedExecutor} answers each request at once, so the
 * numbers are the orchestrator plus the eventing underneath it, nothing else.
 *
 * <p>Scenarios: a warm-up; runs one at a time; many runs started at once (a burst: the executor
 * answers as fast as it can); as many runs in flight at a steady rate (each step "takes" a few
 * seconds, starts spread over one step duration); and runs one at a time again after the database
 * was filled with finished runs.
 *
 * <p>Run: {@code java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.orchestrator.OrchestratorBench [warmupRuns=200] [sequentialRuns=300]
 * [concurrentRuns=100,1000] [storedRuns=10000,100000] [steadyStepSeconds=5]} from the repository
 * root, after {@code ./mvnw -B -q install -DskipTests}. The orchestrator's log goes to {@code
 * bench/target/orchestrator-bench.log}; {@code -Dbench.orchestrator.jvmArgs="..."} adds JVM options
 * to it (e.g. a flight recording).
 */
public final class OrchestratorBench {

  private static final int STEPS = 5;
  private static final String DATASET = "bench";
  private static final Path JAR =
      Path.of("services/orchestrator/target/quarkus-app/quarkus-run.jar");
  private static final Path LOG = Path.of("bench/target/orchestrator-bench.log");

  private OrchestratorBench() {}

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int[] concurrent = numbers(args.length > 2 ? args[2] : "100,1000");
    int[] storedTargets = numbers(args.length > 3 ? args[3] : "10000,100000");
    int steadySeconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;

    SluiceInfra infra = SluiceInfra.get();
    TestPostgres postgres = infra.postgres();
    String database = "orch_bench_" + UUID.randomUUID().toString().substring(0, 8);
    String url = postgres.createDatabase(database);
    DurabilitySetting.apply(postgres.dataSource(url), database);
    String bootstrap = infra.kafka().bootstrapServers();
    Files.createDirectories(LOG.getParent());
    List<ScenarioResult> results = new ArrayList<>();
    try (OrchestratorProcess orchestrator =
            OrchestratorProcess.start(JAR, environment(bootstrap, url, postgres), jvmArgs(), LOG);
        SimulatedExecutor executor = new SimulatedExecutor(bootstrap);
        DatasetDrops drops = new DatasetDrops(bootstrap, DATASET)) {
      BenchPipeline.register(
          orchestrator.baseUri(), BenchPipeline.yaml("bench-chain", DATASET, STEPS));
      StoredRuns stored = new StoredRuns(postgres.dataSource(url));
      Scenarios scenarios = new Scenarios(drops, executor, stored);
      report(results, scenarios.oneAtATime("warm-up, 1 at a time", warmup));
      report(results, scenarios.oneAtATime("1 at a time", sequential));
      for (int runs : concurrent) {
        report(results, scenarios.concurrent(String.format("%,d at once", runs), runs));
      }
      if (steadySeconds > 0 && concurrent.length > 0) {
        int runs = Arrays.stream(concurrent).max().getAsInt();
        String name = String.format("%,d in flight, steps take %d s", runs, steadySeconds);
        report(results, scenarios.steady(name, runs, Duration.ofSeconds(steadySeconds)));
      }
      for (int target : storedTargets) {
        long started = System.nanoTime();
        stored.growTo(target);
        System.out.printf(
            "[bench] database filled to %,d runs in %.1f s%n",
            stored.count(), (System.nanoTime() - started) / 1e9);
        report(results, scenarios.oneAtATime("1 at a time", sequential));
      }
    }
    printTable(results);
    System.exit(0);
  }

  /** What the orchestrator process is pointed at: Kafka, its database, a free HTTP port. */
  static Map<String, String> environment(String bootstrap, String url, TestPostgres postgres) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(FreePorts.find()));
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
    env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
    env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
    // Tokens checked as in production, signed with the test kit's key.
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyFile().toString());
    // The benchmark's trivial steps name busybox (see BenchPipeline); nothing runs them.
    env.put("SLUICE_IMAGES_ALLOWED", "docker.io/library/busybox");
    return env;
  }

  private static List<String> jvmArgs() {
    String extra = System.getProperty("bench.orchestrator.jvmArgs", "").trim();
    return extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\\s+"));
  }

  private static int[] numbers(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .filter(s -> !s.isBlank())
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static void report(List<ScenarioResult> results, ScenarioResult result) {
    results.add(result);
    System.out.println("[bench] " + result.row());
  }

  private static void printTable(List<ScenarioResult> results) {
    System.out.printf(
        "%nOrchestrator control plane, %s, %d-step linear pipeline, simulated executor,"
            + " times in ms (hop: step.done -> next step.requested; start: data.arrived -> first"
            + " step.requested)%n",
        LocalDate.now(), STEPS);
    System.out.println(ScenarioResult.HEADER);
    results.forEach(result -> System.out.println(result.row()));
  }
}
