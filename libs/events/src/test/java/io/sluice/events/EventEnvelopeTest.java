package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  @Test
  void firstEventOfAChainIsItsOwnCorrelationWhenNoneIsGiven() {
    EventEnvelope<DataArrived> first =
        EventEnvelope.first("ingest", "iris", null, Samples.dataArrived());

    assertThat(first.correlationId()).isEqualTo(first.id());
    assertThat(first.causationId()).isNull();
    assertThat(first.source()).isEqualTo("/sluice/ingest");
  }

  @Test
  void firstEventOfAChainStartsANewTrace() {
    EventEnvelope<DataArrived> one =
        EventEnvelope.first("ingest", "iris", null, Samples.dataArrived());
    EventEnvelope<DataArrived> two =
        EventEnvelope.first("ingest", "iris", null, Samples.dataArrived());

    assertThat(TraceParent.parse(one.traceparent())).isPresent();
    assertThat(TraceParent.parse(one.traceparent()).orElseThrow().traceId())
        .isNotEqualTo(TraceParent.parse(two.traceparent()).orElseThrow().traceId());
  }

  @Test
  void anEventCausedByOneWrittenBeforeTracesExistedStartsATrace() {
    EventEnvelope<DataArrived> untraced =
        new EventEnvelope<>(
            UuidV7.nextString(),
            "/sluice/ingest",
            Samples.T0,
            "iris",
            "v",
            null,
            null,
            Samples.dataArrived());

    EventEnvelope<RunStarted> effect =
        EventEnvelope.causedBy(
            untraced, "orchestrator", Samples.RUN, (RunStarted) Samples.of(EventType.RUN_STARTED));

    assertThat(TraceParent.parse(effect.traceparent())).isPresent();
  }

  @Test
  void firstEventKeepsAGivenCorrelationId() {
    DataArrived data = Samples.dataArrived();

    EventEnvelope<DataArrived> first =
        EventEnvelope.first("ingest", "iris", data.versionId(), data);

    assertThat(first.correlationId()).isEqualTo(data.versionId());
  }

  @Test
  void causedEventCarriesCorrelationTraceAndTheCauseAsCausation() {
    EventEnvelope<DataArrived> cause =
        new EventEnvelope<>(
            UuidV7.nextString(),
            "/sluice/ingest",
            Samples.T0,
            "iris",
            "dataset-version",
            null,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            Samples.dataArrived());

    EventEnvelope<RunStarted> effect =
        EventEnvelope.causedBy(
            cause, "orchestrator", Samples.RUN, (RunStarted) Samples.of(EventType.RUN_STARTED));

    assertThat(effect.correlationId()).isEqualTo("dataset-version");
    assertThat(effect.causationId()).isEqualTo(cause.id());
    TraceParent causeTrace = TraceParent.parse(cause.traceparent()).orElseThrow();
    TraceParent effectTrace = TraceParent.parse(effect.traceparent()).orElseThrow();
    assertThat(effectTrace.traceId()).isEqualTo(causeTrace.traceId());
    assertThat(effectTrace.spanId()).isNotEqualTo(causeTrace.spanId());
    assertThat(effect.id()).isNotEqualTo(cause.id()).isGreaterThan(cause.id());
    assertThat(effect.source()).isEqualTo("/sluice/orchestrator");
  }

  @Test
  void typeTopicAndKeyFollowTheData() {
    EventEnvelope<StepDone> envelope =
        EventEnvelope.first("trainer-launcher", Samples.RUN, "c", Samples.stepDone());

    assertThat(envelope.type()).isEqualTo(EventType.STEP_DONE);
    assertThat(envelope.topic()).isEqualTo(Topics.RUNS);
    assertThat(envelope.key()).isEqualTo(Samples.RUN);
  }

  @Test
  void refusesAnEnvelopeWithoutData() {
    assertThatThrownBy(() -> EventEnvelope.first("ingest", "iris", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("data");
  }
}
