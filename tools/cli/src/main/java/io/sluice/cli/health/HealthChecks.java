package io.sluice.cli.health;

import io.sluice.cli.config.Component;
import io.sluice.cli.config.Settings;
import io.sluice.cli.process.PidRecord;
import java.util.function.Supplier;

/**
 * The one notion of "ready" that {@code up} waits for and {@code status} reports: Kafka answers an
 * Admin request; S3 and Postgres printed their {@code READY <name> ...} line since they were
 * launched and answer on their port; a service answers 200 on {@code /q/health/ready}.
 */
public final class HealthChecks {

  private final Settings settings;
  private final KafkaAdmin kafka;
  private final HttpProbe http = new HttpProbe();
  private final PostgresProbe postgres = new PostgresProbe();

  public HealthChecks(Settings settings, KafkaAdmin kafka) {
    this.settings = settings;
    this.kafka = kafka;
  }

  public Health check(Component component, PidRecord record) {
    return switch (component.role()) {
      case KAFKA -> kafka.probe();
      case S3 ->
          afterReadyLine(component, record, () -> http.anyAnswer(settings.s3Endpoint() + "/"));
      case POSTGRES ->
          afterReadyLine(component, record, () -> postgres.probe("localhost", component.port()));
      case SERVICE -> http.quarkusReadiness("http://localhost:" + component.port());
    };
  }

  private Health afterReadyLine(Component component, PidRecord record, Supplier<Health> probe) {
    String prefix = "READY " + component.name() + " ";
    if (!LogFiles.hasLineAfter(
        settings.stateDir().logFile(component.name()), record.logOffset(), prefix)) {
      return Health.DOWN;
    }
    // It said it was ready; not answering now means something went wrong since.
    Health health = probe.get();
    return health == Health.DOWN ? Health.FAILING : health;
  }
}
