package io.sluice.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaServerConfigTest {

  private final Map<String, String> config =
      KafkaServerConfig.forLocalMode(19092, 19093, Path.of("/state/data/kafka"));

  @Test
  void runsOneKraftNodeAsBrokerAndControllerOnTheGivenPorts() {
    assertThat(config)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@localhost:19093")
        .containsEntry("listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:19092")
        .containsEntry("log.dirs", "/state/data/kafka");
  }

  @Test
  void hasTheSingleNodeSettingsWithoutWhichConsumerGroupsNeverJoin() {
    assertThat(config)
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void createsNoTopicsOnItsOwnAndKeepsTheCleanerSmall() {
    assertThat(config)
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("log.cleaner.dedupe.buffer.size", "2097152");
  }

  @Test
  void rendersOnePropertyPerLine() {
    assertThat(KafkaServerConfig.render(Map.of("node.id", "1")))
        .endsWith("\nnode.id=1\n")
        .startsWith("#");
  }
}
