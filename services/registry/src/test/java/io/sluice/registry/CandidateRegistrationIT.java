package io.sluice.registry;

import static io.sluice.registry.Candidates.candidate;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Comparison;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.GateRule;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelRegistered;
import io.sluice.events.RuleResult;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code model.candidate} in, {@code model.registered} and {@code model.evaluated} out. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class CandidateRegistrationIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void passingCandidateIsRegisteredAndApprovedWithRuleResults() throws Exception {
    String model = uniqueModel();
    EventEnvelope<ModelCandidate> event = candidateEvent(passing(model, uniqueRun()));

    bus.send(event);

    ModelEvaluated evaluated = awaitEvaluated(model, 1).get(0);
    ModelRegistered registered = bus.events(model, ModelRegistered.class).get(0);
    ModelCandidate candidate = event.data();
    assertThat(registered)
        .isEqualTo(
            new ModelRegistered(model, 1, candidate.artifact(), candidate.runId(), event.id()));
    assertThat(evaluated.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(evaluated.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.97, true),
            new RuleResult("log_loss", Comparison.AT_MOST, 0.5, 0.08, true));
    assertThat(evaluated.artifact()).isEqualTo(candidate.artifact());
    assertThat(evaluated.signature()).isEqualTo(candidate.signature());
    assertThat(evaluated.metrics()).isEqualTo(candidate.metrics());
    assertThat(evaluated.gate()).isEqualTo(candidate.gate());
    assertThat(evaluated.lineage()).isEqualTo(candidate.lineage());
  }

  @Test
  void emittedEventsAreCausedByTheCandidate() throws Exception {
    String model = uniqueModel();
    EventEnvelope<ModelCandidate> event = candidateEvent(passing(model, uniqueRun()));

    bus.send(event);

    awaitEvaluated(model, 1);
    assertThat(bus.envelopes(model, ModelRegistered.class))
        .singleElement()
        .satisfies(e -> assertThat(e.causationId()).isEqualTo(event.id()))
        .satisfies(e -> assertThat(e.correlationId()).isEqualTo(event.correlationId()));
  }

  @Test
  void failingGateIsRejectedWithEachReason() throws Exception {
    String model = uniqueModel();
    List<GateRule> gate =
        List.of(new GateRule("accuracy", 0.9, null), new GateRule("f1_macro", 0.8, null));
    bus.send(candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.42), gate)));

    ModelEvaluated evaluated = awaitEvaluated(model, 1).get(0);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(evaluated.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.42, false),
            new RuleResult("f1_macro", Comparison.AT_LEAST, 0.8, null, false));
    assertThat(evaluated.reasons())
        .containsExactly(
            "metric 'accuracy' = 0.42 fails >= 0.9",
            "metric 'f1_macro' was not reported (needs >= 0.8)");
    assertThat(bus.events(model, ModelRegistered.class)).hasSize(1);
  }

  @Test
  void redeliveredCandidateCreatesNoSecondVersionAndNoSecondEventPair() throws Exception {
    String model = uniqueModel();
    String run = uniqueRun();
    EventEnvelope<ModelCandidate> first = candidateEvent(passing(model, run));
    bus.send(first);
    bus.send(first);
    // The same run announced again under a new event id (e.g. the orchestrator's outbox replayed).
    bus.send(candidateEvent(passing(model, run)));
    // Same key, same partition: once this one is registered, the duplicates were applied before.
    bus.send(candidateEvent(passing(model, uniqueRun())));

    awaitEvaluated(model, 2);

    assertThat(bus.events(model, ModelRegistered.class))
        .extracting(ModelRegistered::version, ModelRegistered::runId)
        .first()
        .isEqualTo(tuple(1, run));
    assertThat(bus.events(model, ModelRegistered.class)).hasSize(2);
    assertThat(bus.events(model, ModelEvaluated.class))
        .extracting(ModelEvaluated::version)
        .containsExactly(1, 2);
  }

  @Test
  void twoCandidatesBecomeVersionsOneAndTwo() throws Exception {
    String model = uniqueModel();
    String firstRun = uniqueRun();
    String secondRun = uniqueRun();

    bus.send(candidateEvent(passing(model, firstRun)));
    bus.send(candidateEvent(passing(model, secondRun)));

    awaitEvaluated(model, 2);
    assertThat(bus.events(model, ModelRegistered.class))
        .extracting(ModelRegistered::version, ModelRegistered::runId)
        .containsExactly(tuple(1, firstRun), tuple(2, secondRun));
  }

  @Test
  void candidateWithHostileModelNameIsDeadLettered() throws Exception {
    for (String name : List.of("../../etc/passwd", "bad\u0000name", "x".repeat(10_000))) {
      bus.send(candidateEvent(passing(name, uniqueRun())));

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(bus.deadLetters(name))
                      .singleElement()
                      .satisfies(d -> assertThat(d.error()).contains("not a valid model name")));
      assertThat(bus.events(name, ModelRegistered.class)).isEmpty();
    }
  }

  @Test
  void malformedCandidateIsDeadLetteredAndConsumptionGoesOn() throws Exception {
    String model = uniqueModel();
    EventEnvelope<ModelCandidate> valid = candidateEvent(passing(model, uniqueRun()));

    bus.send(
        Topics.MODELS,
        model,
        freshHeaders(model),
        "{\"modelName\": 42".getBytes(StandardCharsets.UTF_8));
    bus.send(
        Topics.MODELS,
        model,
        freshHeaders(model),
        "{\"modelName\": \"only-a-name\"}".getBytes(StandardCharsets.UTF_8));
    bus.send(valid);

    awaitEvaluated(model, 1);
    assertThat(bus.deadLetters(model)).hasSize(2);
    assertThat(bus.events(model, ModelRegistered.class))
        .extracting(ModelRegistered::candidateEventId)
        .containsExactly(valid.id());
  }

  private static Map<String, String> freshHeaders(String model) {
    return EventCodec.headers(candidateEvent(passing(model, uniqueRun())));
  }

  private static List<ModelEvaluated> awaitEvaluated(String model, int count) {
    return await()
        .atMost(WAIT)
        .until(() -> bus.events(model, ModelEvaluated.class), events -> events.size() >= count);
  }
}
