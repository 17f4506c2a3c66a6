package io.sluice.cli.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Asks a PostgreSQL server whether it speaks its protocol, without a driver: it sends an
 * SSLRequest, which the postmaster answers with one byte, {@code S} or {@code N}.
 */
public final class PostgresProbe {

  private static final int SSL_REQUEST_CODE = 80877103;
  private static final int TIMEOUT_MILLIS = 2_000;

  public Health probe(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(8);
      out.writeInt(SSL_REQUEST_CODE);
      out.flush();
      int answer = new DataInputStream(socket.getInputStream()).read();
      return answer == 'S' || answer == 'N' ? Health.UP : Health.FAILING;
    } catch (IOException e) {
      return Health.DOWN;
    }
  }
}
