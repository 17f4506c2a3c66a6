package io.sluice.e2e.rollout;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Waits the rollout scenarios share. */
final class Rollouts {

  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);

  /** How many answers in a row make "the model is served by that version". */
  private static final int IN_A_ROW = 40;

  private Rollouts() {}

  /** Until the last answers of {@code traffic} all came from {@code version} with a 200. */
  static void awaitServedBy(InferenceTraffic traffic, String model, int version) {
    String header = Integer.toString(version);
    await(model + " answered by v" + version)
        .atMost(SWITCH_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> traffic.lastAnswersAll(IN_A_ROW, a -> a.ok() && header.equals(a.version())));
  }
}
