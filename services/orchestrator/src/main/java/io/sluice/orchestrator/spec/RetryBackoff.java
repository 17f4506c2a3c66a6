package io.sluice.orchestrator.spec;

/**
 * How long a step waits before it is tried again after a retryable failure: {@code initialSeconds}
 * before the first retry, multiplied by {@code factor} before each further one, never more than
 * {@code maxSeconds}.
 */
public record RetryBackoff(long initialSeconds, double factor, long maxSeconds) {

  /** No wait: the retry is requested as soon as the failure arrives (the default). */
  public static final RetryBackoff IMMEDIATE = new RetryBackoff(0, 1.0, 0);

  public boolean isImmediate() {
    return initialSeconds == 0;
  }
}
