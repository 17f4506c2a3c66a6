package io.sluice.cli.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of the local-mode broker: one KRaft node in combined mode (broker
 * and controller), with the single-node settings without which consumer groups never join, and no
 * topic auto-creation (topics are created by {@code up}, as in a cluster).
 */
public final class KafkaServerConfig {

  public static final int NODE_ID = 1;

  private KafkaServerConfig() {}

  /** The broker's settings, in a stable order (it is written to a file users read). */
  public static Map<String, String> forLocalMode(int port, int controllerPort, Path dataDir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", Integer.toString(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    config.put(
        "listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    config.put("log.dirs", dataDir.toString());
    config.put("num.partitions", "1");
    config.put("auto.create.topics.enable", "false");
    // One node: every internal topic must live with a single replica.
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    // Nobody else will join a group; waiting for them only slows every consumer start.
    config.put("group.initial.rebalance.delay.ms", "0");
    // The default 128 MiB dedupe buffer is most of the broker's memory, for no benefit here.
    config.put("log.cleaner.dedupe.buffer.size", "2097152");
    return config;
  }

  /** The properties-file text of {@code config}. */
  public static String render(Map<String, String> config) {
    StringBuilder text = new StringBuilder("# Written by ./sluice up on every start.\n");
    config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return text.toString();
  }
}
