package io.sluice.launcher.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Copies a step's output into its log file, bounded: a step that prints without end must not fill
 * the launcher's disk. The first {@code limit} bytes are written as they come (so the log can be
 * read while the step runs); past that, only the most recent {@code keptTail} bytes are held, and
 * at the end the log gets a line saying how much was left out, followed by that tail, because the
 * end of a log is what explains a failure.
 */
public final class LogCapture {

  /** The end of a log past its limit that is still kept: what explains a failure. */
  public static final int KEPT_TAIL_BYTES = 64 * 1024;

  private static final int CHUNK = 8192;

  private final long limit;
  private final TailBuffer tail;
  private static final Logger LOG = Logger.getLogger(LogCapture.class);

  private long written;
  private long omitted;

  private final OutputMasker masker;

  LogCapture(long limit, int keptTail) {
    this(limit, keptTail, List.of());
  }

  /** {@code secrets}: values that are written as {@code ***}, never as themselves. */
  public LogCapture(long limit, int keptTail, List<String> secrets) {
    if (limit < 0 || keptTail < 0) {
      throw new IllegalArgumentException("limit and keptTail must not be negative");
    }
    this.limit = limit;
    this.tail = new TailBuffer(keptTail);
    this.masker = new OutputMasker(secrets);
  }

  /** Reads {@code output} to its end into {@code log} (appending). */
  public void copy(InputStream output, Path log) throws IOException {
    try (OutputStream file =
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      byte[] chunk = new byte[CHUNK];
      int read;
      while ((read = output.read(chunk)) != -1) {
        write(file, masker.add(chunk, read));
      }
      write(file, masker.finish());
      if (omitted > 0) {
        writeTruncationNote(file);
      }
    }
  }

  private void write(OutputStream file, byte[] masked) throws IOException {
    int kept = (int) Math.min(masked.length, Math.max(0, limit - written));
    file.write(masked, 0, kept);
    written += kept;
    tail.add(masked, kept, masked.length - kept);
    omitted += masked.length - kept;
  }

  /** Bytes past the limit; zero when the whole output is in the log. */
  long omittedBytes() {
    return omitted - tail.size();
  }

  private void writeTruncationNote(OutputStream file) throws IOException {
    String note =
        String.format(
            "%n[sluice] step log truncated at %,d bytes: %,d bytes left out; the last %,d bytes"
                + " follow%n",
            limit, omittedBytes(), tail.size());
    file.write(note.getBytes(StandardCharsets.UTF_8));
    file.write(tail.toArray());
  }

  /**
   * Runs {@link #copy} on its own thread. A failure is logged, not thrown: the step's process may
   * be killed and its output closed on purpose (a cancel, a timeout), which ends the copy with
   * "Stream closed", and an exception escaping a thread helps nobody.
   */
  static Thread startCopying(
      InputStream output, Path log, long limit, int keptTail, List<String> secrets) {
    LogCapture capture = new LogCapture(limit, keptTail, secrets);
    Thread thread =
        new Thread(
            () -> {
              try {
                capture.copy(output, log);
              } catch (IOException e) {
                LOG.warnf("step log %s: copying stopped: %s", log, e.getMessage());
              }
            },
            "step-log-" + log.getParent().getFileName());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The last bytes seen, in a ring. */
  private static final class TailBuffer {
    private final byte[] ring;
    private int start;
    private int size;

    TailBuffer(int capacity) {
      this.ring = new byte[capacity];
    }

    void add(byte[] bytes, int offset, int length) {
      if (ring.length == 0) {
        return;
      }
      for (int i = Math.max(offset, offset + length - ring.length); i < offset + length; i++) {
        int end = (start + size) % ring.length;
        ring[end] = bytes[i];
        if (size < ring.length) {
          size++;
        } else {
          start = (start + 1) % ring.length;
        }
      }
    }

    int size() {
      return size;
    }

    byte[] toArray() {
      byte[] copy = new byte[size];
      for (int i = 0; i < size; i++) {
        copy[i] = ring[(start + i) % ring.length];
      }
      return copy;
    }
  }
}
