package io.sluice.launcher.kubernetes;

import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.Executor.AttemptListener;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attempt this launcher follows, from launch until its outcome is handed over. Its fields are
 * changed on the executor's decision thread only (the cancel reason excepted).
 */
final class TrackedAttempt {

  /** Waiting attempts start by the step's priority (higher first), then in arrival order. */
  static final Comparator<TrackedAttempt> ORDER =
      Comparator.comparingInt(TrackedAttempt::priority)
          .reversed()
          .thenComparingLong(a -> a.arrival);

  private static final AtomicLong ARRIVALS = new AtomicLong();

  final StepRequested request;
  final AttemptListener listener;
  final String name;
  final String queue;
  final long arrival = ARRIVALS.incrementAndGet();
  volatile String cancelReason;
  boolean created;
  boolean seenJob;
  boolean startReported;
  int createFailures;
  Instant createdAt;
  Instant pendingCheckAt;

  TrackedAttempt(StepRequested request, AttemptListener listener, String name, String queue) {
    this.request = request;
    this.listener = listener;
    this.name = name;
    this.queue = queue;
  }

  int priority() {
    return request.scheduling() == null ? 0 : request.scheduling().priority();
  }

  AttemptKey key() {
    return AttemptKey.of(request);
  }
}
