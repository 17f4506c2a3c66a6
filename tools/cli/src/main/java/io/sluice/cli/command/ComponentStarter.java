package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Settings;
import io.sluice.cli.health.Health;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.LogFiles;
import io.sluice.cli.health.Poller;
import io.sluice.cli.infra.LaunchPreparer;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.ProcessLauncher;
import io.sluice.cli.process.ProcessOwnership;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts one component unless the one this state folder started is still running, and waits until
 * it is ready; a failure names the component and shows the end of its log.
 */
final class ComponentStarter {

  private static final int LOG_LINES_ON_FAILURE = 30;

  /** A component that runs, with the record of its process. */
  record Running(Component component, PidRecord record) {}

  private final Settings settings;
  private final PidFiles pidFiles;
  private final ProcessOwnership ownership;
  private final ProcessLauncher launcher;
  private final LaunchPreparer launches;
  private final HealthChecks health;
  private final PrintStream out;

  ComponentStarter(
      Settings settings,
      ProcessLauncher launcher,
      LaunchPreparer launches,
      HealthChecks health,
      PrintStream out) {
    this.settings = settings;
    this.pidFiles = new PidFiles(settings.stateDir());
    this.ownership = new ProcessOwnership(settings.home());
    this.launcher = launcher;
    this.launches = launches;
    this.health = health;
    this.out = out;
  }

  /** Whether the process this state folder started for {@code component} is alive. */
  boolean isRunning(Component component) {
    return owned(component).isPresent();
  }

  /**
   * Launches those of {@code group} that do not run yet, together (they start in parallel), then
   * waits for each to be ready within the start timeout.
   *
   * @throws CliException for the first that exits or is not ready in time
   */
  void startAll(List<Component> group) {
    Instant launched = Instant.now();
    List<Running> running = group.stream().map(this::ensureRunning).toList();
    Instant deadline = Instant.now().plus(settings.startTimeout());
    running.forEach(r -> awaitReady(r, launched, deadline));
  }

  Running ensureRunning(Component component) {
    Optional<PidRecord> running = owned(component);
    if (running.isPresent()) {
      report(component, "already running (pid " + running.get().pid() + ")");
      return new Running(component, running.get());
    }
    try {
      return launch(component);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + component.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@code running} is ready.
   *
   * @param since when its group was launched, for the time it took
   * @throws CliException when it exits first or is not ready by {@code deadline}, with the end of
   *     its log
   */
  void awaitReady(Running running, Instant since, Instant deadline) {
    Component component = running.component();
    AtomicReference<Health> last = new AtomicReference<>(Health.DOWN);
    boolean ready =
        Poller.until(
            () -> last.updateAndGet(h -> health.check(component, running.record())) == Health.UP,
            () -> isAlive(running.record()),
            deadline);
    if (ready) {
      long millis = Duration.between(since, Instant.now()).toMillis();
      report(
          component,
          String.format(
              Locale.ROOT, "ready on port %d (%.1f s)", component.port(), millis / 1000.0));
      return;
    }
    throw new CliException(
        component.name() + " " + problem(running, since, last.get()) + "\n" + logTail(component));
  }

  private static String problem(Running running, Instant since, Health last) {
    if (!isAlive(running.record())) {
      return "exited before it was ready";
    }
    String seen =
        last == Health.FAILING ? "it answers but reports not ready" : "it does not answer";
    return "is not ready after "
        + Duration.between(since, Instant.now()).toSeconds()
        + " s ("
        + seen
        + ")";
  }

  private Running launch(Component component) throws IOException {
    LaunchSpec spec = launches.prepare(component);
    Path log = settings.stateDir().logFile(component.name());
    long offset = LogFiles.length(log);
    Process process = launcher.startDetached(spec, log);
    PidRecord record = PidRecord.of(process.toHandle(), offset);
    pidFiles.write(component.name(), record);
    report(component, "started (pid " + record.pid() + ")");
    return new Running(component, record);
  }

  private Optional<PidRecord> owned(Component component) {
    return pidFiles
        .read(component.name())
        .filter(record -> ownership.find(component.name(), record).isPresent());
  }

  private static boolean isAlive(PidRecord record) {
    return ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private String logTail(Component component) {
    Path log = settings.stateDir().logFile(component.name());
    return "Last lines of "
        + log
        + ":\n  "
        + String.join("\n  ", LogFiles.tail(log, LOG_LINES_ON_FAILURE));
  }

  private void report(Component component, String what) {
    out.printf("%-17s %s%n", component.name(), what);
    out.flush();
  }
}
