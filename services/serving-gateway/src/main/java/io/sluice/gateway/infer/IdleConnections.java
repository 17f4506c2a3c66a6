package io.sluice.gateway.infer;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Closes a connection when its client has sent nothing for {@code quarkus.http.idle-timeout}, as
 * Quarkus does, but by watching reads only. Quarkus sets Vert.x's idle timeout, which watches reads
 * and writes: Netty's idle handler then attaches a listener to every response it writes (a promise
 * and a callback per answer, 3.4% of the gateway's Java samples in a profile under load). Watching
 * reads gives the protection the timeout is for (a client that connects and goes quiet is closed)
 * for a clock read per read. The gateway writes no response for long without reading: its answers
 * are single buffers, none streams.
 */
@Singleton
public class IdleConnections implements HttpServerOptionsCustomizer {

  @Override
  public void customizeHttpServer(HttpServerOptions options) {
    watchReadsOnly(options);
  }

  @Override
  public void customizeHttpsServer(HttpServerOptions options) {
    watchReadsOnly(options);
  }

  static void watchReadsOnly(HttpServerOptions options) {
    int timeout = options.getIdleTimeout();
    if (timeout <= 0 || options.getReadIdleTimeout() > 0) {
      return; // no timeout, or one on reads already: nothing to move
    }
    options.setReadIdleTimeout(timeout);
    options.setIdleTimeout(0);
  }
}
