package io.sluice.e2e.fault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which process the fault test crashes when, drawn from one seed so that a failing order can be
 * played again ({@code -Dsluice.fault.seed=<seed>}): every service, the Kafka broker and PostgreSQL
 * once each, in a shuffled order, each after a random number of platform events.
 */
public final class FaultPlan {

  /** The system property that replays a plan. */
  public static final String SEED_PROPERTY = "sluice.fault.seed";

  static final List<String> COMPONENTS =
      List.of(
          "ingest",
          "orchestrator",
          "trainer-launcher",
          "registry",
          "serving-gateway",
          "kafka",
          "postgres");

  /** At most this many events between one restart and the next crash: mid-run, not after it. */
  static final int MAX_EVENTS_BEFORE = 12;

  /**
   * One crash.
   *
   * @param component what is SIGKILLed and started again
   * @param afterEvents how many new events on the platform's topics come first
   */
  public record Fault(String component, int afterEvents) {}

  private FaultPlan() {}

  /** The seed from {@value #SEED_PROPERTY}, or a fresh one. */
  public static long seed() {
    String configured = System.getProperty(SEED_PROPERTY, "");
    return configured.isBlank() ? new Random().nextLong() : Long.parseLong(configured.trim());
  }

  /** The crashes for {@code seed}, in order; the same seed always gives the same list. */
  public static List<Fault> of(long seed) {
    Random random = new Random(seed);
    List<String> order = new ArrayList<>(COMPONENTS);
    Collections.shuffle(order, random);
    return order.stream().map(c -> new Fault(c, 1 + random.nextInt(MAX_EVENTS_BEFORE))).toList();
  }
}
