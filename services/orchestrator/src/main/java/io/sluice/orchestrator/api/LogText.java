package io.sluice.orchestrator.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies a stored step log to a response, bounded: the whole log up to {@code maxBytes}, or its
 * last lines. Neither holds the log in memory: the whole log is streamed, the tail keeps a window
 * of at most {@link #TAIL_WINDOW_BYTES}.
 */
final class LogText {

  /** The most bytes the last lines of a log may take together. */
  static final int TAIL_WINDOW_BYTES = 1024 * 1024;

  private static final int CHUNK = 8192;

  private LogText() {}

  /** Copies {@code log} to {@code out}; past {@code maxBytes} it stops with a line saying so. */
  static void copy(InputStream log, OutputStream out, long maxBytes) throws IOException {
    byte[] chunk = new byte[CHUNK];
    long sent = 0;
    int read;
    while ((read = log.read(chunk)) != -1) {
      int kept = (int) Math.min(read, maxBytes - sent);
      out.write(chunk, 0, kept);
      sent += kept;
      if (kept < read) {
        out.write(cutNote(maxBytes));
        return;
      }
    }
  }

  /**
   * The last {@code lines} lines of {@code log} (of its first {@code maxBytes}), at most {@link
   * #TAIL_WINDOW_BYTES}: a longer tail starts at the first whole line in that window.
   */
  static byte[] tail(InputStream log, long maxBytes, int lines) throws IOException {
    Window window = new Window(TAIL_WINDOW_BYTES);
    byte[] chunk = new byte[CHUNK];
    long seen = 0;
    int read;
    while (seen < maxBytes && (read = log.read(chunk)) != -1) {
      int kept = (int) Math.min(read, maxBytes - seen);
      window.add(chunk, kept);
      seen += kept;
    }
    return lastLines(window.bytes(), seen > window.capacity, lines);
  }

  private static byte[] lastLines(byte[] text, boolean cutAtStart, int lines) {
    int end = text.length;
    // A final newline ends the last line; it does not start an empty one.
    int scan = end > 0 && text[end - 1] == '\n' ? end - 2 : end - 1;
    int found = 0;
    for (int i = scan; i >= 0; i--) {
      if (text[i] == '\n' && ++found == lines) {
        return Arrays.copyOfRange(text, i + 1, end);
      }
    }
    if (!cutAtStart) {
      return text;
    }
    int firstBreak = indexOf(text, (byte) '\n');
    return firstBreak < 0 ? text : Arrays.copyOfRange(text, firstBreak + 1, end);
  }

  private static int indexOf(byte[] text, byte wanted) {
    for (int i = 0; i < text.length; i++) {
      if (text[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] cutNote(long maxBytes) {
    return String.format(
            "%n[sluice] log cut at %,d bytes (sluice.orchestrator.step-log-max-bytes)%n", maxBytes)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The last bytes seen. */
  private static final class Window {
    private final int capacity;
    private final byte[] ring;
    private long total;

    Window(int capacity) {
      this.capacity = capacity;
      this.ring = new byte[capacity];
    }

    void add(byte[] bytes, int length) {
      int skipped = Math.max(0, length - capacity); // would be overwritten at once
      total += skipped;
      for (int i = skipped; i < length; i++) {
        ring[(int) (total++ % capacity)] = bytes[i];
      }
    }

    byte[] bytes() {
      int size = (int) Math.min(total, capacity);
      byte[] copy = new byte[size];
      long start = total - size;
      for (int i = 0; i < size; i++) {
        copy[i] = ring[(int) ((start + i) % capacity)];
      }
      return copy;
    }
  }
}
