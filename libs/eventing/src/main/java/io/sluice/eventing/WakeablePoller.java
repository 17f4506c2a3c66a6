package io.sluice.eventing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one pass of work on its own thread at a fixed interval, and at once when woken (e.g. after
 * the transaction that queued new work committed). Wakes that come while a wake is already queued
 * fold into it, so waking is cheap to call after every commit; the interval is the safety net for a
 * wake that never came (a crash between commit and wake, another replica's work).
 */
public final class WakeablePoller implements AutoCloseable {

  private final ScheduledExecutorService thread;
  private final Runnable pass;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();

  private WakeablePoller(String threadName, Duration interval, Runnable pass) {
    this.pass = pass;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread named = new Thread(LogIds.detached(task), threadName);
              named.setDaemon(true);
              return named;
            });
    long millis = interval.toMillis();
    thread.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts polling: {@code pass} runs every {@code interval} and when woken. */
  public static WakeablePoller start(String threadName, Duration interval, Runnable pass) {
    return new WakeablePoller(threadName, interval, pass);
  }

  /** Runs a pass soon instead of at the next interval. */
  public void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      thread.execute(
          () -> {
            wakeQueued.set(false);
            pass.run();
          });
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
