package io.sluice.orchestrator.run;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A thread that does due work and then sleeps until the next is due, as its pass says, instead of
 * polling; {@link #wake()} cuts a sleep short (after a commit of this replica recorded new work). A
 * pass that fails is tried again after a pause that doubles up to the recheck interval, so a
 * database outage is not hammered. Retry timers and cron schedules both run on one.
 */
public final class DueTimeLoop {

  private static final Logger LOG = Logger.getLogger(DueTimeLoop.class);

  private static final Duration FIRST_FAILURE_PAUSE = Duration.ofSeconds(1);

  /** One pass: does what is due now, and says how long to sleep before the next one. */
  @FunctionalInterface
  public interface Pass {
    Duration run();
  }

  private final String threadName;
  private final String work;
  private final Duration recheckInterval;
  private final Pass pass;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  /**
   * @param work what the pass does, for the log ("firing retry timers")
   * @param recheckInterval the longest pause after failures
   */
  public DueTimeLoop(String threadName, String work, Duration recheckInterval, Pass pass) {
    this.threadName = threadName;
    this.work = work;
    this.recheckInterval = recheckInterval;
    this.pass = pass;
  }

  /** Starts the thread, which first does whatever is due already. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the thread; the work stays in the database for the next start or other replicas. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    wake();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the loop do its pass now. */
  public void wake() {
    wakeUps.release();
  }

  private void run() {
    Duration failurePause = FIRST_FAILURE_PAUSE;
    while (running) {
      Duration sleep;
      try {
        sleep = pass.run();
        failurePause = FIRST_FAILURE_PAUSE;
      } catch (RuntimeException e) {
        LOG.warnf(e, "%s failed; trying again in %s", work, failurePause);
        sleep = failurePause;
        failurePause = min(failurePause.multipliedBy(2), recheckInterval);
      }
      sleep(sleep);
    }
  }

  private void sleep(Duration duration) {
    try {
      if (wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        wakeUps.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** The shorter of the two. */
  public static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
