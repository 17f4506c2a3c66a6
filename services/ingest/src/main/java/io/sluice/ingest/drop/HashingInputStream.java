package io.sluice.ingest.drop;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes bytes through while computing their sha256 and counting them. */
final class HashingInputStream extends FilterInputStream {

  private final MessageDigest sha256;
  private long bytesRead;

  HashingInputStream(InputStream in) {
    super(in);
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      sha256.update((byte) b);
      bytesRead++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      sha256.update(buffer, offset, n);
      bytesRead += n;
    }
    return n;
  }

  /** Reads whatever the consumer left, so the hash covers the whole object. */
  void drain() throws IOException {
    byte[] buffer = new byte[8192];
    while (read(buffer, 0, buffer.length) >= 0) {
      // keep reading
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping would leave bytes out of the hash");
  }

  long bytesRead() {
    return bytesRead;
  }

  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
