package io.sluice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a real server that a test cuts (open connections reset, new ones
 * refused) and restores on the same port: a real network outage of one server while the server
 * itself, shared with other tests, keeps running.
 */
public final class TcpProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  /** A proxy to a server on this machine's loopback address. */
  public TcpProxy(int targetPort) throws IOException {
    this("127.0.0.1", targetPort);
  }

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this(targetHost, targetPort, FreePorts.find());
  }

  /**
   * A proxy on a given port: one that a client was pointed at before the proxy existed, so that
   * until now its connections were refused.
   */
  public TcpProxy(String targetHost, int targetPort, int port) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
    restore();
  }

  public int port() {
    return port;
  }

  /** Accepts connections again. */
  public synchronized void restore() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress("127.0.0.1", port));
    server = socket;
    Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Refuses new connections and resets the open ones. */
  public synchronized void cut() throws IOException {
    server.close();
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // One side closed: the outage or the end of the connection.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
