package io.sluice.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentsTest {

  private final Settings settings =
      Settings.fromEnvironment(Map.of(), Path.of("/repo"), Path.of("java"), "1.0", Path.of("/"));

  @Test
  void infrastructureStartsBeforeTheServicesAndKafkaFirst() {
    assertThat(Components.all(settings))
        .extracting(Component::name)
        .containsExactly(
            "kafka",
            "s3",
            "postgres",
            "ingest",
            "orchestrator",
            "trainer-launcher",
            "registry",
            "serving-gateway");
  }

  @Test
  void onlyTheFiveServicesAreServices() {
    assertThat(Components.all(settings).stream().filter(Component::isService))
        .extracting(Component::name)
        .containsExactlyElementsOf(Components.SERVICES);
  }

  @Test
  void componentsCarryTheirConfiguredPorts() {
    assertThat(Components.byName(settings, "postgres"))
        .get()
        .isEqualTo(new Component("postgres", Component.Role.POSTGRES, 15432));
    assertThat(Components.byName(settings, "nope")).isEmpty();
  }
}
