package io.sluice.cli.command;

import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import java.io.PrintStream;

/** Prints where everything local mode started can be reached, with the credentials. */
final class Endpoints {

  private Endpoints() {}

  static void print(Settings settings, boolean withServices, PrintStream out) {
    out.println();
    out.println("Sluice local mode is ready" + (withServices ? "." : " (infrastructure only)."));
    row(out, "Kafka", settings.kafkaBootstrap());
    row(
        out,
        "S3",
        settings.s3Endpoint()
            + "  access key "
            + Settings.S3_ACCESS_KEY
            + ", secret key "
            + Settings.S3_SECRET_KEY
            + ", region "
            + Settings.S3_REGION);
    row(
        out,
        "Postgres",
        settings.postgresJdbcUrl()
            + "  user "
            + Settings.POSTGRES_USER
            + ", password "
            + Settings.POSTGRES_PASSWORD);
    if (withServices) {
      Components.SERVICES.forEach(service -> row(out, service, settings.serviceUrl(service)));
    }
    out.println("State, logs and pids are in " + settings.home());
    out.println("Next: ./sluice status | ./sluice logs <name> [-f] | ./sluice down");
    out.flush();
  }

  private static void row(PrintStream out, String name, String value) {
    out.printf("  %-17s %s%n", name, value);
  }
}
