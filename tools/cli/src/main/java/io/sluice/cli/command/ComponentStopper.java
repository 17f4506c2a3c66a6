package io.sluice.cli.command;

import io.sluice.cli.config.Settings;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.ProcessOwnership;
import io.sluice.cli.process.ProcessStopper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stops the processes that this state folder started for some components, and only those (see
 * {@link ProcessOwnership}): SIGTERM, the grace period, then SIGKILL. Each one's pid file is
 * removed, also when its process had already gone or is not ours.
 */
final class ComponentStopper {

  private final Settings settings;
  private final PrintStream out;
  private final PidFiles pidFiles;
  private final ProcessOwnership ownership;
  private final ProcessStopper stopper = new ProcessStopper();

  ComponentStopper(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.pidFiles = new PidFiles(settings.stateDir());
    this.ownership = new ProcessOwnership(settings.home());
  }

  /**
   * Stops the components together and reports one line for each that had a pid file.
   *
   * @return how many processes it stopped
   */
  int stop(List<String> names) {
    Map<String, ProcessHandle> owned = new LinkedHashMap<>();
    for (String name : names) {
      Optional<PidRecord> record = pidFiles.read(name);
      Optional<ProcessHandle> process = record.flatMap(r -> ownership.find(name, r));
      if (process.isPresent()) {
        owned.put(name, process.get());
        continue;
      }
      record.ifPresent(r -> report(name, whyLeftAlone(r)));
      pidFiles.delete(name);
    }
    List<ProcessStopper.Outcome> outcomes =
        stopper.stop(List.copyOf(owned.values()), settings.stopGrace());
    int i = 0;
    for (Map.Entry<String, ProcessHandle> entry : owned.entrySet()) {
      report(entry.getKey(), describe(outcomes.get(i++), entry.getValue()));
      pidFiles.delete(entry.getKey());
    }
    return owned.size();
  }

  private static String describe(ProcessStopper.Outcome outcome, ProcessHandle process) {
    String how =
        outcome == ProcessStopper.Outcome.TERMINATED ? "stopped" : "killed after the grace period";
    return how + " (pid " + process.pid() + ")";
  }

  private static String whyLeftAlone(PidRecord record) {
    boolean alive = ProcessHandle.of(record.pid()).map(ProcessHandle::isAlive).orElse(false);
    return alive
        ? "pid " + record.pid() + " is not the process sluice started; left alone"
        : "was not running (pid " + record.pid() + " has exited)";
  }

  private void report(String name, String what) {
    out.printf("%-17s %s%n", name, what);
    out.flush();
  }
}
