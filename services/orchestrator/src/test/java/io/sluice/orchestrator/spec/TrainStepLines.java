package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * {@link SpecParserTest#MINIMAL} with lines added to its {@code train} step (from line 15), for
 * tests of one step key.
 */
final class TrainStepLines {

  private TrainStepLines() {}

  static String trainWith(String lines) {
    return SpecParserTest.MINIMAL.replace(
        "    outputs: [model]\n", "    outputs: [model]\n" + lines.indent(4));
  }

  /** Asserts the spec with these lines is refused at {@code line} with {@code problem}. */
  static void assertRefused(String lines, int line, String problem) {
    ThrowingCallable parse = () -> new SpecParser().parse(trainWith(lines));
    assertThatThrownBy(parse)
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }
}
