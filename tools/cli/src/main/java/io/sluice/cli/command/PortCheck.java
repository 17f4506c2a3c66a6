package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses to start a component whose port is taken by someone else: a clear message now beats a
 * process that dies on "address already in use" (or a probe that happily talks to a stranger).
 */
final class PortCheck {

  private PortCheck() {}

  /**
   * @throws CliException naming every busy port and the variable that moves it
   */
  static void requireFree(List<Component> toStart, Settings settings) {
    List<String> busy = new ArrayList<>();
    for (Component component : toStart) {
      ports(component, settings)
          .forEach(
              (port, variable) -> {
                if (!isFree(port)) {
                  busy.add(
                      "port " + port + " (" + component.name() + ") is in use; set " + variable);
                }
              });
    }
    if (!busy.isEmpty()) {
      throw new CliException(
          "cannot start local mode: ports are taken by processes that this state folder did not"
              + " start:\n  - "
              + String.join("\n  - ", busy)
              + "\nIf an earlier run crashed, ./sluice down stops what it left behind.");
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<Integer, String> ports(Component component, Settings settings) {
    Map<Integer, String> ports = new LinkedHashMap<>();
    switch (component.role()) {
      case KAFKA -> {
        ports.put(settings.kafkaPort(), "SLUICE_KAFKA_PORT");
        ports.put(settings.kafkaControllerPort(), "SLUICE_KAFKA_CONTROLLER_PORT");
      }
      case S3 -> ports.put(settings.s3Port(), "SLUICE_S3_PORT");
      case POSTGRES -> ports.put(settings.postgresPort(), "SLUICE_PG_PORT");
      case SERVICE ->
          ports.put(
              component.port(),
              Settings.servicePortVariable(component.name()) + " or SLUICE_PORT_BASE");
    }
    return ports;
  }
}
