package io.sluice.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports the kernel handed out a moment ago, all different, so the platform never binds a fixed one.
 */
final class FreePorts {

  private FreePorts() {}

  static List<Integer> take(int count) {
    // All sockets stay open until every port is chosen, so no port is handed out twice.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports", e);
    } finally {
      sockets.forEach(FreePorts::closeQuietly);
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the port is only a number from here on.
    }
  }
}
