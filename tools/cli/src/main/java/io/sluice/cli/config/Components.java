package io.sluice.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The components of local mode, in start order: infrastructure first, then the services. */
public final class Components {

  public static final String KAFKA = "kafka";
  public static final String S3 = "s3";
  public static final String POSTGRES = "postgres";

  /** The five services, in the order of their default ports (8081..8085). */
  public static final List<String> SERVICES =
      List.of("ingest", "orchestrator", "trainer-launcher", "registry", "serving-gateway");

  private Components() {}

  /** Every component name, in start order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(List.of(KAFKA, S3, POSTGRES));
    names.addAll(SERVICES);
    return names;
  }

  /** Kafka, S3 and Postgres, in start order. */
  public static List<Component> infrastructure(Settings settings) {
    return List.of(
        new Component(KAFKA, Component.Role.KAFKA, settings.kafkaPort()),
        new Component(S3, Component.Role.S3, settings.s3Port()),
        new Component(POSTGRES, Component.Role.POSTGRES, settings.postgresPort()));
  }

  /** The five services with their ports. */
  public static List<Component> services(Settings settings) {
    return SERVICES.stream()
        .map(name -> new Component(name, Component.Role.SERVICE, settings.servicePort(name)))
        .toList();
  }

  /** Every component, in start order. */
  public static List<Component> all(Settings settings) {
    List<Component> all = new ArrayList<>(infrastructure(settings));
    all.addAll(services(settings));
    return all;
  }

  public static Optional<Component> byName(Settings settings, String name) {
    return all(settings).stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
