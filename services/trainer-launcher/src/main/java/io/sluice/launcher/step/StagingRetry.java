package io.sluice.launcher.step;

import io.sluice.storage.StorageException;
import io.sluice.storage.StoreUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Retries the platform's own transfers (staging inputs and outputs) while the object store is
 * unavailable, with capped exponential backoff, until the attempt's deadline. A store that comes
 * back within the deadline costs the step nothing: its own retry budget is for its own failures.
 * Only transient errors (the store unreachable, a reset connection, a 5xx) are retried; a missing
 * object, a refused request or a local file problem fails at once.
 */
public final class StagingRetry {

  private static final Logger LOG = Logger.getLogger(StagingRetry.class);

  /** The first pause and the longest one between two tries. */
  public record Backoff(Duration first, Duration max) {

    /** What the executors use: 0.5 s, doubling, at most 15 s. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));

    Duration after(Duration previous) {
      Duration doubled = previous.multipliedBy(2);
      return doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  /** One transfer; any {@link IOException} it throws is judged by {@link #isTransient}. */
  @FunctionalInterface
  public interface Transfer<T> {
    T run() throws IOException;
  }

  private final Backoff backoff;
  private final Instant deadline;
  private final BooleanSupplier stopped;
  private final Clock clock;

  /**
   * @param deadline the attempt's deadline: no new try starts after it
   * @param stopped true once the attempt is cancelled: retrying stops then
   */
  public StagingRetry(Backoff backoff, Instant deadline, BooleanSupplier stopped, Clock clock) {
    this.backoff = backoff;
    this.deadline = deadline;
    this.stopped = stopped;
    this.clock = clock;
  }

  /** No deadline of its own (the pod's active deadline stops it), never stopped. */
  public static StagingRetry untilKilled() {
    return new StagingRetry(Backoff.DEFAULT, Instant.MAX, () -> false, Clock.systemUTC());
  }

  /**
   * Runs {@code transfer} until it succeeds; rethrows a permanent error at once, and a transient
   * one when the deadline would pass before the next try or the attempt was stopped.
   */
  public <T> T run(String what, Transfer<T> transfer) throws IOException {
    Duration pause = backoff.first();
    for (int tries = 1; ; tries++) {
      try {
        return transfer.run();
      } catch (IOException e) {
        if (!isTransient(e)
            || stopped.getAsBoolean()
            || Thread.currentThread().isInterrupted()
            || pastDeadlineAfter(pause)) {
          throw e;
        }
        LOG.warnf("%s failed (try %d), retrying in %d ms: %s", what, tries, pause.toMillis(), e);
        sleep(pause);
        pause = backoff.after(pause);
      }
    }
  }

  private boolean pastDeadlineAfter(Duration pause) {
    return !deadline.equals(Instant.MAX) && clock.instant().plus(pause).isAfter(deadline);
  }

  /**
   * Transient: the store said it is unavailable (unreachable, timed out, 5xx, not S3 right now), or
   * the connection broke mid-transfer. A {@link StorageException} of any other kind (not found,
   * access denied, request refused) and local file errors are permanent.
   */
  static boolean isTransient(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof StoreUnavailableException) {
        return true;
      }
      if (cause instanceof StorageException) {
        return false;
      }
      if (cause instanceof java.net.SocketException
          || cause instanceof java.net.ProtocolException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof EOFException
          || cause instanceof InterruptedIOException
          || cause.getClass().getName().startsWith("okhttp3.")
          || cause.getClass().getName().startsWith("okio.")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(Duration pause) throws IOException {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the object store");
    }
  }
}
