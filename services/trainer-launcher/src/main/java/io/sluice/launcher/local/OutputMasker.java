package io.sluice.launcher.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Masks secret values in a byte stream that arrives in chunks, so a step's log file never holds a
 * secret the step printed, even when a value is split between two reads. It holds back the last
 * {@code longest - 1} bytes of each chunk until the next one (or the end) shows whether they start
 * a secret.
 */
final class OutputMasker {

  static final byte[] MASK = "***".getBytes(StandardCharsets.UTF_8);

  private final List<byte[]> secrets;
  private final int holdBack;
  private byte[] pending = new byte[0];

  OutputMasker(List<String> secrets) {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets =
        secrets.stream()
            .filter(secret -> !secret.isEmpty())
            .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
            .sorted(Comparator.comparingInt((byte[] secret) -> secret.length).reversed())
            .toList();
    this.holdBack = this.secrets.isEmpty() ? 0 : this.secrets.get(0).length - 1;
  }

  /** The masked bytes that can be written now. */
  byte[] add(byte[] chunk, int length) {
    if (secrets.isEmpty()) {
      return Arrays.copyOf(chunk, length);
    }
    byte[] all = Arrays.copyOf(pending, pending.length + length);
    System.arraycopy(chunk, 0, all, pending.length, length);
    return mask(all, all.length - holdBack);
  }

  /** The masked rest, once the stream has ended. */
  byte[] finish() {
    return mask(pending, pending.length);
  }

  /** Masks {@code bytes}, writing out what starts before {@code safeEnd}; keeps the rest. */
  private byte[] mask(byte[] bytes, int safeEnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int matched = matchAt(bytes, i);
      if (matched > 0) {
        out.writeBytes(MASK);
        i += matched;
      } else if (i >= safeEnd) {
        break; // could be the start of a secret that the next chunk completes
      } else {
        out.write(bytes[i++]);
      }
    }
    pending = Arrays.copyOfRange(bytes, i, bytes.length);
    return out.toByteArray();
  }

  private int matchAt(byte[] bytes, int at) {
    for (byte[] secret : secrets) {
      if (at + secret.length <= bytes.length
          && bytes[at] == secret[0]
          && Arrays.equals(bytes, at, at + secret.length, secret, 0, secret.length)) {
        return secret.length;
      }
    }
    return 0;
  }
}
