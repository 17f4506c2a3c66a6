package io.sluice.e2e.platform;

import io.sluice.e2e.client.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one platform every end-to-end test shares: {@code sluice up} on free ports in a temporary
 * state folder, started on first use and stopped once ({@link #stop()}) after the last test, by
 * {@code ShutdownIT}, by {@link PlatformSession} or, as a last resort, by a JVM shutdown hook.
 */
public final class Platform {

  public static final String S3_ACCESS_KEY = "minioadmin";
  public static final String S3_SECRET_KEY = "minioadmin";
  public static final String S3_REGION = "us-east-1";
  public static final String POSTGRES_USER = "postgres";
  public static final String POSTGRES_PASSWORD = "postgres";

  private static final List<String> SERVICES =
      List.of("ingest", "orchestrator", "trainer-launcher", "registry", "serving-gateway");
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(8);
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(5);

  private static Platform instance;
  private static RuntimeException startFailure;

  private final Path repo;
  private final Path home;
  private final Map<String, Integer> ports;
  private final Cli cli;
  private EventLog events;
  private boolean stopped;

  private Platform(Path repo, Path home, Map<String, Integer> ports) {
    this.repo = repo;
    this.home = home;
    this.ports = Map.copyOf(ports);
    this.cli = new Cli(repo, environment(home, ports), home.getParent());
  }

  /** The running platform, started on the first call; a failed start fails every later call. */
  public static synchronized Platform get() {
    if (startFailure != null) {
      throw new IllegalStateException("the platform did not start (see the first failure)");
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  /** The platform if it was started and is not stopped yet. */
  static synchronized Optional<Platform> running() {
    return Optional.ofNullable(instance).filter(p -> !p.stopped);
  }

  private static Platform start() {
    Path repo = repoRoot();
    Path home = createHome();
    List<Integer> free = FreePorts.take(4 + SERVICES.size());
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("SLUICE_KAFKA_PORT", free.get(0));
    ports.put("SLUICE_KAFKA_CONTROLLER_PORT", free.get(1));
    ports.put("SLUICE_S3_PORT", free.get(2));
    ports.put("SLUICE_PG_PORT", free.get(3));
    for (int i = 0; i < SERVICES.size(); i++) {
      ports.put(servicePortVariable(SERVICES.get(i)), free.get(4 + i));
    }
    Platform platform = new Platform(repo, home, ports);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::stopQuietly, "e2e-platform-down"));
    platform.up();
    return platform;
  }

  private void up() {
    long started = System.nanoTime();
    Cli.Result up = cli.run(UP_TIMEOUT, "up");
    if (!up.succeeded()) {
      String logs = logs().tails(40);
      stopQuietly();
      throw new IllegalStateException(up.describe() + "\n" + logs);
    }
    System.out.printf(
        "[e2e] platform up in %.1f s, state folder %s%n",
        (System.nanoTime() - started) / 1e9, home);
    events = EventLog.start(kafkaBootstrap());
  }

  /**
   * Runs {@code sluice down --purge} once and reports what it did and which of the platform's
   * processes outlived it.
   */
  public static synchronized Optional<StopReport> stop() {
    return running().map(Platform::down);
  }

  private StopReport down() {
    stopped = true;
    if (events != null) {
      events.close();
    }
    Cli.Result down = cli.run(DOWN_TIMEOUT, "down", "--purge");
    return new StopReport(down.exitCode(), down.output(), LeftoverProcesses.mentioning(home), home);
  }

  private void stopQuietly() {
    synchronized (Platform.class) {
      if (stopped) {
        return;
      }
      try {
        StopReport report = down();
        if (!report.clean()) {
          System.err.println("[e2e] the platform did not stop cleanly:\n" + report.describe());
        }
      } catch (RuntimeException e) {
        System.err.println("[e2e] cannot stop the platform in " + home + ": " + e);
      }
    }
  }

  /**
   * What {@code down --purge} left.
   *
   * @param exitCode the CLI's exit code
   * @param output what the CLI printed
   * @param leftovers processes still alive whose command line names the state folder
   * @param home the state folder
   */
  public record StopReport(int exitCode, String output, List<String> leftovers, Path home) {

    public boolean clean() {
      return exitCode == 0 && leftovers.isEmpty();
    }

    public String describe() {
      return "down --purge exited " + exitCode + ", leftovers " + leftovers + "\n" + output;
    }
  }

  /**
   * Runs {@code sluice restart <service>}, which returns once the new process is ready.
   *
   * @return what the CLI printed
   * @throws IllegalStateException when it fails, with what it printed
   */
  public String restart(String service) {
    Cli.Result restart = cli.run(RESTART_TIMEOUT, "restart", service);
    if (!restart.succeeded()) {
      throw new IllegalStateException(restart.describe());
    }
    return restart.output();
  }

  /**
   * Runs a {@code sluice} command against this platform as a person would at its terminal: the
   * state folder's admin token, the platform's ports.
   *
   * @return what the CLI printed
   * @throws IllegalStateException when it exits non-zero, with what it printed
   */
  public String sluice(String... args) {
    Cli.Result result = cli.run(COMMAND_TIMEOUT, args);
    if (!result.succeeded()) {
      throw new IllegalStateException(result.describe());
    }
    return result.output();
  }

  /**
   * Runs {@code sluice up} again, which starts whatever component is not running (one a test
   * killed) on its port over its data, leaves the rest alone, and returns once all are ready.
   *
   * @return what the CLI printed
   * @throws IllegalStateException when it fails, with what it printed and the end of each log
   */
  String upAgain() {
    Cli.Result up = cli.run(UP_TIMEOUT, "up");
    if (!up.succeeded()) {
      throw new IllegalStateException(up.describe() + "\n" + logs().tails(40));
    }
    return up.output();
  }

  public EventLog events() {
    return events;
  }

  public ServiceLogs logs() {
    return new ServiceLogs(home);
  }

  public Path repo() {
    return repo;
  }

  public Path home() {
    return home;
  }

  /** The admin token {@code ./sluice up} wrote into the state folder. */
  public String adminToken() {
    try {
      return Files.readString(home.resolve("admin.token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("no admin token in " + home + "; did ./sluice up run?", e);
    }
  }

  public String kafkaBootstrap() {
    return "localhost:" + ports.get("SLUICE_KAFKA_PORT");
  }

  /** The one database every service keeps its schema in. */
  public String postgresJdbcUrl() {
    return "jdbc:postgresql://localhost:" + ports.get("SLUICE_PG_PORT") + "/sluice";
  }

  public String s3Endpoint() {
    return "http://localhost:" + ports.get("SLUICE_S3_PORT");
  }

  /** e.g. {@code serviceUrl("registry")} → {@code http://localhost:41234}. */
  public String serviceUrl(String service) {
    Integer port = ports.get(servicePortVariable(service));
    if (port == null) {
      throw new IllegalArgumentException("not a service: " + service);
    }
    return "http://localhost:" + port;
  }

  private static String servicePortVariable(String service) {
    return "SLUICE_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PORT";
  }

  private static Map<String, String> environment(Path home, Map<String, Integer> ports) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLUICE_HOME", home.toString());
    // No GPU on the machines the tests run on: the PyTorch example's GPU step runs on the CPU.
    env.put("SLUICE_LAUNCHER_GPU_FALLBACK", "cpu");
    // The rollout scenarios count the prediction log's share of one model's answers
    // (io.sluice.e2e.rollout.CanaryRolloutIT); every other model keeps the default rate.
    env.put("SLUICE_GATEWAY_PREDICTION_LOG_MODELS__ROLLOUTCANARY__SAMPLE_RATE", "0.25");
    ports.forEach((name, port) -> env.put(name, Integer.toString(port)));
    return env;
  }

  private static Path repoRoot() {
    String configured = System.getProperty("sluice.repo");
    Path repo =
        configured == null || configured.isBlank()
            ? Path.of("..").toAbsolutePath()
            : Path.of(configured).toAbsolutePath();
    return repo.normalize();
  }

  private static Path createHome() {
    try {
      Path parent = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      return Files.createTempDirectory(parent, "sluice-e2e-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state folder", e);
    }
  }
}
