package io.sluice.orchestrator.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

  private static final Set<String> PARAMS = Set.of("baseline", "mode", "count");
  private static final Map<String, String> RUN_PARAMS =
      Map.of("baseline", "0.9", "mode", "fast", "count", "3");
  private static final Map<String, Map<String, Double>> METRICS =
      Map.of("evaluate", Map.of("accuracy", 0.93, "f1-score", 0.5), "train-a", Map.of("loss", 2.0));

  private static boolean eval(String text) throws Exception {
    return Condition.parse(text, PARAMS).evaluate(RUN_PARAMS, METRICS).value();
  }

  private static void refused(String text, int column, String problem) {
    assertThatThrownBy(() -> Condition.parse(text, PARAMS))
        .isInstanceOf(ExprException.class)
        .hasMessageContaining(problem)
        .satisfies(
            e -> assertThat(((ExprException) e).column()).as(e.getMessage()).isEqualTo(column));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "evaluate.metrics.accuracy >= params.baseline | true",
        "evaluate.metrics.accuracy < params.baseline | false",
        "evaluate.metrics.accuracy >= params.baseline + 0.05 | false",
        "evaluate.metrics.f1-score == 0.5 | true",
        "train-a.metrics.loss * 2 - 1 == params.count | true",
        "-train-a.metrics.loss < 0 and not (params.mode == 'slow') | true",
        "params.mode == \"fast\" or evaluate.metrics.nope > 1 | true",
        "params.count == 3.0 | true",
        "params.count != '3' | false",
        "true and (false or 1 <= 1) | true",
        "1 + 2 * 3 == 7 | true",
        "(1 + 2) * 3 == 9 | true",
        "10 / 4 == 2.5 | true",
        "1e2 == 100 | true",
      })
  void evaluatesWithPrecedenceAndNumericReadingOfParams(String text, boolean expected)
      throws Exception {
    assertThat(eval(text)).isEqualTo(expected);
  }

  @Test
  void recordsTheValuesItReadInOrder() throws Exception {
    Condition.Outcome outcome =
        Condition.parse("evaluate.metrics.accuracy >= params.baseline", PARAMS)
            .evaluate(RUN_PARAMS, METRICS);
    assertThat(outcome.describeValues())
        .isEqualTo("evaluate.metrics.accuracy = 0.93, params.baseline = 0.9");
  }

  @Test
  void namesTheStepsWhoseMetricsItReads() throws Exception {
    Condition condition =
        Condition.parse("evaluate.metrics.a > 1 or train-a.metrics.b > evaluate.metrics.c", PARAMS);
    assertThat(condition.steps()).containsExactly("evaluate", "train-a");
    assertThat(condition.columnOf("train-a")).isEqualTo(27);
  }

  @Test
  void refusesSyntaxErrorsWithTheirColumn() {
    refused("evaluate.metrics.accuracy >= ", 30, "expected a value, got the end");
    refused("params.baseline = 1", 17, "compare with '=='");
    refused("true && false", 6, "write 'and'");
    refused("1 < 2 < 3", 7, "comparisons do not chain");
    refused("(1 < 2", 7, "expected ')' to close the '(' at column 1");
    refused("1 < 2)", 6, "unexpected ')'");
    refused("'open < 1", 1, "the string is not closed");
    refused("accuracy > 1", 1, "unknown name 'accuracy'");
    refused("params.", 8, "expected a param name");
    refused("evaluate.metrics. > 1", 19, "expected a metric name");
    refused("1e > 1", 1, "malformed number exponent");
    refused("", 1, "expected a value");
  }

  @Test
  void refusesTypeErrorsAtRegistration() {
    refused("evaluate.metrics.accuracy", 1, "must be true or false, but this is a number");
    refused("evaluate.metrics.accuracy and true", 1, "'and' needs true/false, not a number");
    refused("not params.mode", 5, "'not' needs true/false, not a param");
    refused("'a' < 1", 1, "'<' needs a number, not a string");
    refused("evaluate.metrics.accuracy == 'high'", 27, "cannot compare a number with a string");
    refused("true == 1", 6, "cannot compare true/false with a number");
    refused("params.mode == true", 13, "cannot compare a param with true/false");
    refused("params.unknown > 1", 1, "unknown param 'unknown'");
  }

  @Test
  void refusesHostileInput() {
    refused("(".repeat(40) + "true" + ")".repeat(40), 33, "nests deeper than 32");
    refused("not ".repeat(40) + "true", 129, "nests deeper than 32");
    refused("-".repeat(40) + "1 > 0", 33, "nests deeper than 32");
    refused("1".repeat(50) + " > 0", 1, "a number has at most 40 characters");
    refused("1e999 > 0", 1, "out of range");
    refused("true or " + "x".repeat(1000), 1001, "at most 1000 characters");
    refused("params.baseline \u2212 1 > 0", 17, "U+2212");
    refused("params.baseline\u00a0> 0", 16, "U+00A0");
    refused("true; System.exit(0)", 5, "';'");
    refused("${jndi:ldap://x} == 'a'", 1, "'$'");
    refused("T(java.lang.Runtime).getRuntime() == 1", 1, "unknown name 'T'");
    refused("params.mode == 'a' \0", 20, "U+0000");
  }

  @Test
  void acceptsUnicodeInsideStringsAndLongChainsWithinTheLimit() throws Exception {
    assertThat(eval("params.mode != 'schnell \u26a1'")).isTrue();
    String chain = "1 == 1" + " and 1 == 1".repeat(80);
    assertThat(chain.length()).isLessThan(Condition.MAX_CHARS);
    assertThat(eval(chain)).isTrue();
  }

  @Test
  void failsAtRunTimeRatherThanGuessing() throws Exception {
    assertThatThrownBy(() -> eval("evaluate.metrics.acc > 0.5"))
        .isInstanceOf(EvalException.class)
        .hasMessage("step 'evaluate' reported no metric 'acc' (it reported: [accuracy, f1-score])");
    assertThatThrownBy(() -> eval("params.mode > 1"))
        .isInstanceOf(EvalException.class)
        .hasMessage("params.mode is 'fast', which is not a number");
    assertThatThrownBy(() -> eval("params.mode == 1"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("cannot compare 'fast' with 1");
    assertThatThrownBy(() -> eval("1 / (params.count - 3) > 0"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("division by zero");
    assertThatThrownBy(() -> eval("1e300 * 1e300 > 0"))
        .isInstanceOf(EvalException.class)
        .hasMessageContaining("overflow");
  }
}
