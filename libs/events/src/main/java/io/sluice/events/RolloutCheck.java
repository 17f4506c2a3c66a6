package io.sluice.events;

/**
 * One analysis check that failed, with what was observed.
 *
 * @param name the check, as in {@link RolloutAnalysis}: {@code maxErrorRate}, {@code
 *     maxLatencyP99Millis}, {@code maxErrorRateOverStable}, {@code maxLatencyP99Ratio} or {@code
 *     minAgreement}
 * @param observed the new version's value (for the comparisons with the stable version: the
 *     difference or ratio)
 * @param limit the limit it broke
 * @param canary what was observed of the new version over the window
 * @param stable what was observed of the stable version over the same window, or null when there is
 *     none
 */
public record RolloutCheck(
    String name,
    double observed,
    double limit,
    TrafficStats canary,
    @Nullable TrafficStats stable) {

  public RolloutCheck {
    Checks.notBlank(name, "name");
    Checks.finite(observed, "observed");
    Checks.finite(limit, "limit");
    Checks.required(canary, "canary");
  }
}
