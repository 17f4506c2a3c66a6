package io.sluice.e2e.platform;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Crashes and restarts the platform's processes the way a machine failure would: SIGKILL, no
 * shutdown hook, no goodbye; then the component is started again on the same port over the same
 * data (a service with {@code sluice restart}, Kafka and PostgreSQL with {@code sluice up}, which
 * starts only what is not running).
 */
public final class Faults {

  /** How long a SIGKILLed process may take to be gone: the kernel's work, not the process's. */
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

  private final Platform platform;

  public Faults(Platform platform) {
    this.platform = platform;
  }

  /**
   * SIGKILLs the process {@code sluice up} started for {@code component} and waits until it is
   * gone. Its children are left alone, as a crash leaves them (a step a dead launcher ran keeps
   * running), except PostgreSQL's: its server is SIGKILLed with all its backends, so that the
   * restart has to recover the database from its write-ahead log.
   *
   * @return the pid that was killed
   */
  public long kill(String component) {
    ProcessHandle process = owned(component);
    List<ProcessHandle> victims = new ArrayList<>();
    if (component.equals("postgres")) {
      postmaster().ifPresent(server -> victims.addAll(withDescendants(server)));
    }
    victims.add(process);
    victims.forEach(ProcessHandle::destroyForcibly);
    victims.forEach(Faults::awaitGone);
    return process.pid();
  }

  /**
   * Kills {@code component} ({@link #kill}) and starts it again; returns once it is ready.
   *
   * @return what the CLI printed for the start
   */
  public String crashAndRestart(String component) {
    kill(component);
    return isInfrastructure(component) ? platform.upAgain() : platform.restart(component);
  }

  /** The processes {@code component}'s process has started and that still run. */
  public List<ProcessHandle> childrenOf(String component) {
    return owned(component).descendants().toList();
  }

  private static boolean isInfrastructure(String component) {
    return List.of("kafka", "s3", "postgres").contains(component);
  }

  /** The live process of {@code run/<component>.pid}, checked to carry this platform's markers. */
  private ProcessHandle owned(String component) {
    long pid = pidOf(component);
    String home = "-Dsluice.home=" + platform.home();
    String marker = "-Dsluice.component=" + component;
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains(home) && commandLine(p).contains(marker))
        .orElseThrow(
            () -> new IllegalStateException(component + " (pid " + pid + ") is not running"));
  }

  private long pidOf(String component) {
    Path file = platform.home().resolve("run").resolve(component + ".pid");
    Properties record = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      record.load(reader);
      return Long.parseLong(record.getProperty("pid", "").trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("no readable pid file " + file, e);
    }
  }

  /** The server {@code pg_ctl} detached from the Postgres component, named by its pid file. */
  private Optional<ProcessHandle> postmaster() {
    Path dataDir = platform.home().resolve("data").resolve("postgres");
    try {
      String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
      return ProcessHandle.of(Long.parseLong(first))
          .filter(p -> commandLine(p).contains(dataDir.toString()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<ProcessHandle> withDescendants(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process);
    return all;
  }

  private static String commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.arguments()
        .map(args -> info.command().orElse("?") + " " + String.join(" ", args))
        .or(info::commandLine)
        .orElse("");
  }

  private static void awaitGone(ProcessHandle process) {
    try {
      process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      if (process.isAlive()) {
        throw new IllegalStateException("pid " + process.pid() + " outlived SIGKILL", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for pid " + process.pid(), e);
    }
  }
}
