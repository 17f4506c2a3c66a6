package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.args.UsageException;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.KafkaAdmin;
import io.sluice.cli.infra.Artifacts;
import io.sluice.cli.infra.LaunchPreparer;
import io.sluice.cli.infra.Launches;
import io.sluice.cli.process.ProcessLauncher;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code restart <service>}: stops the process that this state folder started for one service (see
 * {@link ComponentStopper}) and starts it again exactly as {@code up} does, with the same
 * environment and port, its output appended to the same log, then waits until it is ready. The rest
 * of the platform keeps running, and must: a service is never ready without Kafka, S3 and Postgres.
 * A service that was not running is simply started.
 */
public final class RestartCommand {

  private final Settings settings;
  private final PrintStream out;
  private final Artifacts artifacts;
  private final LaunchPreparer launches;

  public RestartCommand(Settings settings, PrintStream out) {
    this(settings, out, new Launches(settings, new Artifacts(settings), new ProcessLauncher()));
  }

  /** With another way to launch the service, for tests. */
  RestartCommand(Settings settings, PrintStream out, LaunchPreparer launches) {
    this.settings = settings;
    this.out = out;
    this.artifacts = new Artifacts(settings);
    this.launches = launches;
  }

  /**
   * Restarts {@code service} and returns 0 once it is ready again.
   *
   * @throws UsageException when {@code service} is not one of the five services
   * @throws CliException when the platform is not running, the service is not built, its port is
   *     taken by a stranger, or it does not become ready (with the end of its log)
   */
  public int run(String service) {
    Component component = service(service);
    try (KafkaAdmin kafka = new KafkaAdmin(settings.kafkaBootstrap())) {
      ComponentStarter starter =
          new ComponentStarter(
              settings, new ProcessLauncher(), launches, new HealthChecks(settings, kafka), out);
      // Both checked before anything is stopped: a restart that cannot start must not stop.
      requirePlatformRunning(starter);
      requireBuilt(service);
      if (starter.isRunning(component)) {
        new ComponentStopper(settings, out).stop(List.of(service));
      } else {
        out.printf("%-17s %s%n", service, "was not running; starting it");
      }
      PortCheck.requireFree(List.of(component), settings);
      starter.startAll(List.of(component));
    }
    out.println(service + " is ready again at " + settings.serviceUrl(service));
    out.flush();
    return 0;
  }

  private Component service(String name) {
    return Components.byName(settings, name)
        .filter(Component::isService)
        .orElseThrow(() -> new UsageException("'" + name + "' is not a service"));
  }

  private void requireBuilt(String service) {
    Optional<String> missing = artifacts.missingService(service);
    if (missing.isPresent()) {
      throw new CliException(
          "cannot restart "
              + service
              + ": "
              + missing.get()
              + " is not built; build it with ./sluice restart "
              + service
              + " --rebuild (or ./mvnw -B -DskipTests -pl services/"
              + service
              + " -am install); nothing was stopped");
    }
  }

  private void requirePlatformRunning(ComponentStarter starter) {
    List<String> stopped =
        Components.infrastructure(settings).stream()
            .filter(c -> !starter.isRunning(c))
            .map(Component::name)
            .toList();
    if (!stopped.isEmpty()) {
      throw new CliException(
          "the platform is not running ("
              + String.join(", ", stopped)
              + (stopped.size() == 1 ? " is" : " are")
              + " stopped), so no service can start; start it with ./sluice up");
    }
  }
}
