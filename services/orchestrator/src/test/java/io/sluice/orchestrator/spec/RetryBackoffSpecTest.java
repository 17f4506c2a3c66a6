package io.sluice.orchestrator.spec;

import static io.sluice.orchestrator.spec.TrainStepLines.assertRefused;
import static io.sluice.orchestrator.spec.TrainStepLines.trainWith;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code retryBackoff} step key: defaults, and refusals that name the line to fix. */
class RetryBackoffSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String trainWith(String lines) {
    return SpecParserTest.MINIMAL.replace(
        "    outputs: [model]\n", "    outputs: [model]\n" + lines.indent(4));
  }

  private RetryBackoff backoffOf(String lines) throws SpecException {
    return parser.parse(trainWith(lines)).step("train").orElseThrow().retryBackoff();
  }

  @Test
  void withoutABackoffRetriesAreImmediate() throws Exception {
    assertThat(backoffOf("retries: 3")).isEqualTo(RetryBackoff.IMMEDIATE);
    assertThat(RetryBackoff.IMMEDIATE.isImmediate()).isTrue();
  }

  @Test
  void readsAFullBackoff() throws Exception {
    assertThat(backoffOf("retries: 3\nretryBackoff: {initial: 10s, factor: 3, max: 5m}"))
        .isEqualTo(new RetryBackoff(10, 3.0, 300));
  }

  @Test
  void factorAndMaxHaveDefaults() throws Exception {
    assertThat(backoffOf("retries: 3\nretryBackoff: {initial: 30s}"))
        .isEqualTo(new RetryBackoff(30, 2.0, 3600));
    assertThat(backoffOf("retries: 3\nretryBackoff: {initial: 2h}"))
        .as("the default cap never undercuts the initial delay")
        .isEqualTo(new RetryBackoff(7200, 2.0, 7200));
  }

  @Test
  void acceptsAConstantDelayWithFactorOne() throws Exception {
    assertThat(backoffOf("retries: 2\nretryBackoff:\n  initial: 1m\n  factor: 1.0"))
        .isEqualTo(new RetryBackoff(60, 1.0, 3600));
  }

  @Test
  void refusesABadDuration() {
    assertRefused("retries: 3\nretryBackoff: {initial: soon}", 16, "initial must look like 90s");
    assertRefused("retries: 3\nretryBackoff: {initial: 0s}", 16, "initial must look like 90s");
    assertRefused("retries: 3\nretryBackoff: {initial: 10}", 16, "got '10'");
    assertRefused(
        "retries: 3\nretryBackoff:\n  initial: 10s\n  max: 200h", 18, "max must look like 90s");
  }

  @Test
  void refusesAFactorBelowOne() {
    assertRefused(
        "retries: 3\nretryBackoff:\n  initial: 10s\n  factor: 0.5",
        18,
        "factor must be at least 1");
    assertRefused(
        "retries: 3\nretryBackoff: {initial: 10s, factor: fast}", 16, "factor must be a number");
  }

  @Test
  void refusesAMaxBelowTheInitialDelay() {
    assertRefused(
        "retries: 3\nretryBackoff:\n  initial: 10m\n  max: 1m",
        18,
        "max (60s) must not be below initial (600s)");
  }

  @Test
  void refusesABackoffWithoutRetries() {
    assertRefused("retryBackoff: {initial: 10s}", 15, "retryBackoff needs retries");
    assertRefused("retries: 0\nretryBackoff: {initial: 10s}", 16, "retryBackoff needs retries");
  }

  @Test
  void refusesUnknownKeysAndAMissingInitial() {
    assertRefused("retries: 3\nretryBackoff: {initail: 10s}", 16, "unknown key 'initail'");
    assertRefused("retries: 3\nretryBackoff: {factor: 2}", 16, "needs 'initial'");
    assertRefused("retries: 3\nretryBackoff: 10s", 16, "retryBackoff must be a mapping");
  }
}
