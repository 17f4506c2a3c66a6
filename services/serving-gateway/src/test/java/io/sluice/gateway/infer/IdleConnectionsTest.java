package io.sluice.gateway.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {

  private static final int IDLE_MILLIS = 400;
  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(0)
            .setIdleTimeout(IDLE_MILLIS)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    IdleConnections.watchReadsOnly(options);
    server =
        vertx
            .createHttpServer(options)
            .requestHandler(request -> request.response().end("ok"))
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theIdleTimeoutMovesToReadsWithItsValueAndUnit() {
    HttpServerOptions options =
        new HttpServerOptions().setIdleTimeout(1_800_000).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);

    IdleConnections.watchReadsOnly(options);

    assertThat(options.getIdleTimeout()).isZero();
    assertThat(options.getWriteIdleTimeout()).isZero();
    assertThat(options.getReadIdleTimeout()).isEqualTo(1_800_000);
    assertThat(options.getIdleTimeoutUnit()).isEqualTo(TimeUnit.MILLISECONDS);
  }

  @Test
  void noTimeoutStaysNoTimeout() {
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(0);

    IdleConnections.watchReadsOnly(options);

    assertThat(options.getIdleTimeout()).isZero();
    assertThat(options.getReadIdleTimeout()).isZero();
  }

  @Test
  void aReadTimeoutSetElsewhereIsLeftAsItIs() {
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(60).setReadIdleTimeout(5);

    IdleConnections.watchReadsOnly(options);

    assertThat(options.getIdleTimeout()).isEqualTo(60);
    assertThat(options.getReadIdleTimeout()).isEqualTo(5);
  }

  @Test
  void aClientThatGoesQuietIsStillClosed() throws IOException {
    try (Socket socket = connect()) {
      assertThat(answer(socket)).startsWith("HTTP/1.1 200");

      long quietSince = System.nanoTime();
      // Blocks until the server closes the connection (-1), or fails after the socket's timeout.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(System.nanoTime() - quietSince)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS / 2));
    }
  }

  @Test
  void aClientThatKeepsAskingKeepsItsConnection() throws Exception {
    try (Socket socket = connect()) {
      // Five idle timeouts long, a request every third of one: each read restarts the clock.
      for (int i = 0; i < 15; i++) {
        assertThat(answer(socket)).startsWith("HTTP/1.1 200");
        Thread.sleep(IDLE_MILLIS / 3);
      }
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  // One request and its whole answer ("ok", content-length 2), read up to the body's last byte.
  private static String answer(Socket socket) throws IOException {
    socket.getOutputStream().write(REQUEST);
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith("\r\n\r\nok")) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("the server closed the connection after: " + text);
      }
      text.append((char) next);
    }
    return text.toString();
  }
}
