package io.sluice.gateway.inference;

/**
 * What one version costs to score a request, and whether that is cheap enough to do on the I/O
 * event loop. A version starts "unmeasured" and must be probed (scored off the loop) {@code probes}
 * times; then it runs inline until the moving average of its scoring time rises above {@code
 * slowNanos}, which moves it off the loop at once. One request eight times slower than that limit
 * does it alone, so a model that turns slow holds a loop for one request; a single request the
 * machine slowed (its thread preempted, a GC pause) does not, where it used to send the next
 * requests through a needless hand-off many times a second on a busy 2-core machine. It returns
 * when the average falls below {@code fastNanos}, after at least {@code probes} more requests; the
 * gap between the two limits keeps a model near one limit from flapping.
 *
 * <p>Updated by all request threads without a lock: a lost update costs one sample of an average,
 * never a wrong answer. The average is exponential (weight 1/8), so it follows a change of load
 * within a few dozen requests.
 */
public final class ScoringCost {

  private final int probes;
  private final long slowNanos;
  private final long fastNanos;

  private volatile long averageNanos;
  private volatile int samplesSinceMove;
  private volatile boolean offLoop = true;

  /**
   * @param probes requests measured before a version may run inline, and after it moved off
   * @param slowNanos an average above this moves the version off the event loop
   * @param fastNanos an average below this brings it back
   */
  public ScoringCost(int probes, long slowNanos, long fastNanos) {
    if (fastNanos > slowNanos) {
      throw new IllegalArgumentException("the fast limit must not exceed the slow limit");
    }
    this.probes = probes;
    this.slowNanos = slowNanos;
    this.fastNanos = fastNanos;
  }

  /** Records how long one request took to score. */
  public void record(long nanos) {
    int samples = samplesSinceMove;
    long average = samples == 0 ? nanos : averageNanos + (nanos - averageNanos) / 8;
    averageNanos = average;
    samplesSinceMove = samples == Integer.MAX_VALUE ? samples : samples + 1;
    if (average > slowNanos && !offLoop) {
      offLoop = true;
      samplesSinceMove = 1;
    } else if (offLoop && samples + 1 >= probes && average < fastNanos) {
      offLoop = false;
    }
  }

  /** Whether the next request may be scored on the event loop. */
  public boolean runsInline() {
    return !offLoop;
  }

  /** The moving average of the scoring time, in nanoseconds (0 before the first request). */
  public long averageNanos() {
    return averageNanos;
  }
}
