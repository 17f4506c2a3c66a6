package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortCheckTest {

  private static Settings settingsWith(Map<String, String> env) {
    return Settings.fromEnvironment(env, Path.of("/repo"), Path.of("java"), "test", Path.of("/"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aTakenPortIsReportedWithTheVariableThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Settings settings =
          settingsWith(
              Map.of(
                  "SLUICE_S3_PORT", Integer.toString(taken.getLocalPort()),
                  "SLUICE_PG_PORT", Integer.toString(freePort())));

      assertThat(PortCheck.isFree(taken.getLocalPort())).isFalse();
      assertThatThrownBy(
              () ->
                  PortCheck.requireFree(
                      Components.infrastructure(settings).subList(1, 3), settings))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " (s3) is in use")
          .hasMessageContaining("SLUICE_S3_PORT")
          .hasMessageNotContaining("(postgres)");
    }
  }

  @Test
  void kafkaNeedsItsControllerPortToo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Settings settings =
          settingsWith(
              Map.of(
                  "SLUICE_KAFKA_PORT", Integer.toString(freePort()),
                  "SLUICE_KAFKA_CONTROLLER_PORT", Integer.toString(taken.getLocalPort())));

      assertThatThrownBy(
              () ->
                  PortCheck.requireFree(
                      Components.infrastructure(settings).subList(0, 1), settings))
          .hasMessageContaining("SLUICE_KAFKA_CONTROLLER_PORT");
    }
  }

  @Test
  void freePortsPass() throws Exception {
    Settings settings = settingsWith(Map.of("SLUICE_PORT_BASE", Integer.toString(freePort())));

    assertThatCode(
            () -> PortCheck.requireFree(Components.services(settings).subList(0, 1), settings))
        .doesNotThrowAnyException();
  }
}
