package io.sluice.orchestrator.spec;

import io.sluice.events.FailureReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which failures of a step are worth another attempt (its {@code retries}). An executor's verdict
 * that a failure is not retryable always stands; this policy can only narrow what is retried.
 *
 * <p>By default every reason is retried except {@code INVALID_REQUEST}, and an exit code that means
 * a usage or data error is not: 2 (a usage error, as the reference steps and most CLIs exit), 64 to
 * 78 (sysexits: 64 usage, 65 data error, ...), 126 (not executable) and 127 (command not found).
 * Running the same command on the same inputs again would fail the same way.
 *
 * @param reasons the reasons retried, or null for the default (all but {@code INVALID_REQUEST})
 * @param exitCodes the exit codes of {@code NONZERO_EXIT} retried, or null for the default (all but
 *     the usage and data errors above)
 */
public record RetryOn(Set<FailureReason> reasons, Set<Integer> exitCodes) {

  /** The policy of a step without {@code retryOn}. */
  public static final RetryOn DEFAULT = new RetryOn(null, null);

  /** Exit codes that mean the command was used wrongly or its input is wrong. */
  static final Set<Integer> USAGE_OR_DATA_ERRORS = usageOrDataErrors();

  public RetryOn {
    if (reasons != null) {
      Set<FailureReason> copy = EnumSet.noneOf(FailureReason.class);
      copy.addAll(reasons);
      reasons = Collections.unmodifiableSet(copy);
    }
    exitCodes = exitCodes == null ? null : Collections.unmodifiableSet(new TreeSet<>(exitCodes));
  }

  /**
   * Why a failure the executor calls retryable is still not retried, or empty when it is.
   *
   * @param exitCode the exit code of a {@code NONZERO_EXIT}, or null when none was reported
   */
  public Optional<String> refuses(FailureReason reason, Integer exitCode) {
    if (reasons != null ? !reasons.contains(reason) : reason == FailureReason.INVALID_REQUEST) {
      return Optional.of(
          reasons != null
              ? reason + " is not in the step's retryOn.reasons"
              : "an invalid request fails the same way again");
    }
    if (reason != FailureReason.NONZERO_EXIT || exitCode == null) {
      return Optional.empty();
    }
    if (exitCodes != null) {
      return exitCodes.contains(exitCode)
          ? Optional.empty()
          : Optional.of("exit code " + exitCode + " is not in the step's retryOn.exitCodes");
    }
    return USAGE_OR_DATA_ERRORS.contains(exitCode)
        ? Optional.of(
            "exit code "
                + exitCode
                + " means a usage or data error; list it in retryOn.exitCodes to retry it")
        : Optional.empty();
  }

  private static Set<Integer> usageOrDataErrors() {
    Set<Integer> codes = new TreeSet<>(Set.of(2, 126, 127));
    for (int code = 64; code <= 78; code++) {
      codes.add(code);
    }
    return Collections.unmodifiableSet(codes);
  }
}
