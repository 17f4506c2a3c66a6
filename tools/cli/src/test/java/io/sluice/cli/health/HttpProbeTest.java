package io.sluice.cli.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

  private final AtomicInteger readiness = new AtomicInteger(200);
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/q/health/ready",
        exchange -> {
          exchange.sendResponseHeaders(readiness.get(), -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String baseUrl() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  @Test
  void aServiceAnswering200IsUp() {
    assertThat(new HttpProbe().quarkusReadiness(baseUrl())).isEqualTo(Health.UP);
  }

  @Test
  void aServiceAnswering503IsFailing() {
    readiness.set(503);

    assertThat(new HttpProbe().quarkusReadiness(baseUrl())).isEqualTo(Health.FAILING);
  }

  @Test
  void nobodyListeningIsDown() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    assertThat(new HttpProbe().quarkusReadiness("http://localhost:" + port)).isEqualTo(Health.DOWN);
  }

  @Test
  void anyAnswerMeansAnS3StoreServes() {
    assertThat(new HttpProbe().anyAnswer(baseUrl() + "/")).isEqualTo(Health.UP);
  }
}
