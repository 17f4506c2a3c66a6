package io.sluice.registry;

import static org.awaitility.Awaitility.await;

import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelRegistered;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.RolloutPhase;
import io.sluice.events.RolloutStarted;
import io.sluice.events.TrafficStats;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway's side in tests: versions to act on, and the events the gateway would send. */
final class ServingEvents {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private ServingEvents() {}

  /** Registers {@code count} passing versions and returns their candidates in version order. */
  static List<ModelCandidate> register(TestEventBus bus, String model, int count) {
    List<ModelCandidate> candidates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      candidates.add(register(bus, Candidates.passing(model, Candidates.uniqueRun())));
    }
    return candidates;
  }

  /** Registers one candidate and waits until it is a version. */
  static ModelCandidate register(TestEventBus bus, ModelCandidate candidate) {
    String model = candidate.modelName();
    int before = bus.events(model, ModelRegistered.class).size();
    bus.send(Candidates.candidateEvent(candidate));
    await().atMost(WAIT).until(() -> bus.events(model, ModelRegistered.class).size() > before);
    return candidate;
  }

  static EventEnvelope<RolloutStarted> rolloutStarted(String model, int version, Integer stable) {
    return EventEnvelope.first(
        "serving-gateway",
        model,
        null,
        new RolloutStarted(
            model,
            version,
            stable,
            0,
            RolloutPhase.WARMING_UP,
            TrafficStats.NONE,
            stable == null ? null : TrafficStats.NONE));
  }

  static EventEnvelope<ModelRolledBack> rolledBack(
      String model, int version, Integer restored, ManualDecision decision) {
    return EventEnvelope.first(
        "serving-gateway",
        model,
        null,
        new ModelRolledBack(
            model,
            version,
            restored,
            decision == null ? "maxErrorRate: error rate 0.2 > 0.05" : "rolled back by hand",
            null,
            decision));
  }

  /** An event caused by {@code cause}, as the gateway answers a request. */
  static <T extends io.sluice.events.EventData> EventEnvelope<T> answering(
      EventEnvelope<?> cause, T data) {
    return EventEnvelope.causedBy(cause, "serving-gateway", cause.subject(), data);
  }
}
