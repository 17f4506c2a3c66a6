package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a port nobody listens on, for servers that must be told their port before they start (such
 * as child processes). Prefer port 0 wherever a server can report the port it bound.
 */
public final class FreePorts {

  private FreePorts() {}

  /** A port on the loopback address that was free a moment ago. */
  public static int find() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }
}
