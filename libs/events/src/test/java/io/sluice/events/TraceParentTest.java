package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  private static final String W3C_EXAMPLE =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void readsAndWritesTheW3cExampleUnchanged() {
    TraceParent parsed = TraceParent.parse(W3C_EXAMPLE).orElseThrow();

    assertThat(parsed.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(parsed.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(parsed.flags()).isEqualTo("01");
    assertThat(parsed.header()).isEqualTo(W3C_EXAMPLE);
  }

  @Test
  void aNewTraceIsAValidSampledContext() {
    TraceParent started = TraceParent.start();

    assertThat(TraceParent.parse(started.header())).contains(started);
    assertThat(started.flags()).isEqualTo("01");
    assertThat(TraceParent.start().traceId()).isNotEqualTo(started.traceId());
  }

  @Test
  void aChildKeepsTheTraceAndFlagsWithANewSpan() {
    TraceParent parent = TraceParent.parse(W3C_EXAMPLE).orElseThrow();

    TraceParent child = parent.child();

    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.flags()).isEqualTo(parent.flags());
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).hasSize(16);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // unknown version
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero span id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\n",
        "not a trace context"
      })
  void dropsWhatIsNotAVersion00Context(String header) {
    assertThat(TraceParent.parse(header)).isEmpty();
  }

  @Test
  void anOversizedHeaderIsDroppedWithoutScanningIt() {
    assertThat(TraceParent.parse("00-" + "a".repeat(1_000_000))).isEmpty();
  }

  @Test
  void refusesToBuildAnInvalidContext() {
    assertThatThrownBy(() -> new TraceParent("0".repeat(32), "00f067aa0ba902b7", "01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a W3C trace context");
  }

  @Test
  void anEventCausedByOneWithoutAUsableTraceStartsANewTrace() {
    assertThat(TraceParent.parse(TraceParent.continuing(null))).isPresent();
    assertThat(TraceParent.parse(TraceParent.continuing("garbage"))).isPresent();
    assertThat(TraceParent.parse(TraceParent.continuing(W3C_EXAMPLE)).orElseThrow().traceId())
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }
}
