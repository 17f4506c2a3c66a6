package io.sluice.cli.command;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for a Quarkus service in tests of the commands that start one: a real process (run
 * from {@code target/test-classes}) that answers 200 on {@code /q/health/ready} on the port it is
 * given, until it is signalled.
 */
public final class StandInService {

  private StandInService() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/q/health/ready",
        exchange -> {
          exchange.sendResponseHeaders(200, up.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(up);
          }
        });
    server.start();
    // The server's threads keep the JVM alive; SIGTERM ends it as it ends a service.
    System.out.println("stand-in listening on port " + port);
  }
}
