package io.sluice.cli.command;

import io.sluice.cli.config.Component;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.health.Health;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.KafkaAdmin;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.ProcessOwnership;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code status}: one line per component. {@code stopped}: no process that this state folder
 * started; {@code running}: alive but not answering (yet); {@code ready}: answering and ready;
 * {@code unhealthy}: answering but not ready.
 */
public final class StatusCommand {

  private static final String FORMAT = "%-17s %-8s %-6s %s%n";

  private final Settings settings;
  private final PrintStream out;

  public StatusCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public int run() {
    PidFiles pidFiles = new PidFiles(settings.stateDir());
    ProcessOwnership ownership = new ProcessOwnership(settings.home());
    try (KafkaAdmin kafka = new KafkaAdmin(settings.kafkaBootstrap())) {
      HealthChecks health = new HealthChecks(settings, kafka);
      out.printf(FORMAT, "NAME", "PID", "PORT", "STATE");
      for (Component component : Components.all(settings)) {
        Optional<PidRecord> record =
            pidFiles
                .read(component.name())
                .filter(r -> ownership.find(component.name(), r).isPresent());
        String pid = record.map(r -> Long.toString(r.pid())).orElse("-");
        String state = record.map(r -> state(health.check(component, r))).orElse("stopped");
        out.printf(FORMAT, component.name(), pid, component.port(), state);
      }
    }
    out.flush();
    return 0;
  }

  private static String state(Health health) {
    return switch (health) {
      case UP -> "ready";
      case FAILING -> "unhealthy";
      case DOWN -> "running";
    };
  }
}
