package io.sluice.events;

import java.time.Duration;

/**
 * How often and how soon a failed, retryable step is tried again (exponential backoff).
 *
 * @param maxAttempts attempts in all, including the first; 1 means no retry
 * @param backoffSeconds the delay before the second attempt
 * @param backoffFactor multiplies the delay before each further attempt (at least 1)
 * @param maxBackoffSeconds the delay never exceeds this
 */
public record RetryPolicy(
    int maxAttempts, long backoffSeconds, double backoffFactor, long maxBackoffSeconds) {

  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0);

  public RetryPolicy {
    Checks.atLeast(maxAttempts, 1, "maxAttempts");
    Checks.atLeast(backoffSeconds, 0L, "backoffSeconds");
    Checks.finite(backoffFactor, "backoffFactor");
    if (backoffFactor < 1.0) {
      throw new IllegalArgumentException("backoffFactor must be at least 1, got " + backoffFactor);
    }
    Checks.atLeast(maxBackoffSeconds, backoffSeconds, "maxBackoffSeconds");
  }

  /** Whether a failed attempt number {@code attempt} (1-based) may be followed by another. */
  public boolean allowsAnotherAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** The delay before attempt {@code attempt} (2 for the first retry). */
  public Duration delayBefore(int attempt) {
    Checks.atLeast(attempt, 2, "attempt");
    double seconds = backoffSeconds * Math.pow(backoffFactor, attempt - 2.0);
    return Duration.ofSeconds((long) Math.min(seconds, maxBackoffSeconds));
  }
}
