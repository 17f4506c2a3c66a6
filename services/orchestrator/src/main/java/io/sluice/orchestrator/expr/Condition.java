package io.sluice.orchestrator.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step's {@code when:} condition: parsed and type-checked once, at registration, and evaluated
 * when the step becomes ready. No code runs but this evaluator: no script engine, no reflection.
 */
public final class Condition {

  /** The longest condition accepted, in characters. */
  public static final int MAX_CHARS = 1000;

  private final String text;
  private final Expr root;
  private final List<Expr.MetricRef> metricRefs;

  private Condition(String text, Expr root, List<Expr.MetricRef> metricRefs) {
    this.text = text;
    this.root = root;
    this.metricRefs = metricRefs;
  }

  /**
   * Parses and type-checks {@code text}.
   *
   * @param params the params the pipeline declares (a reference to another is refused)
   */
  public static Condition parse(String text, Set<String> params) throws ExprException {
    if (text.length() > MAX_CHARS) {
      throw new ExprException(
          MAX_CHARS + 1, "a condition has at most " + MAX_CHARS + " characters");
    }
    Expr root = Parser.parse(text);
    new TypeChecker(params).checkCondition(root);
    List<Expr.MetricRef> refs = new ArrayList<>();
    collect(root, refs);
    return new Condition(text, root, List.copyOf(refs));
  }

  public String text() {
    return text;
  }

  /** The steps whose metrics the condition reads, in order of appearance. */
  public List<String> steps() {
    Set<String> steps = new LinkedHashSet<>();
    metricRefs.forEach(ref -> steps.add(ref.step()));
    return List.copyOf(steps);
  }

  /** The 1-based column of the first reference to {@code step}'s metrics, for errors. */
  public int columnOf(String step) {
    return metricRefs.stream()
        .filter(ref -> ref.step().equals(step))
        .mapToInt(Expr::column)
        .findFirst()
        .orElse(1);
  }

  /**
   * Decides the condition for one run.
   *
   * @param metrics the metrics of the run's done steps, by step name
   * @throws EvalException when it cannot be decided (a metric not reported, a param that is not a
   *     number where one is needed, a division by zero)
   */
  public Outcome evaluate(Map<String, String> params, Map<String, Map<String, Double>> metrics)
      throws EvalException {
    Evaluator evaluator = new Evaluator(params, metrics);
    boolean value = (Boolean) evaluator.eval(root);
    return new Outcome(value, Collections.unmodifiableMap(new LinkedHashMap<>(evaluator.seen())));
  }

  /**
   * What a condition decided and the values it read.
   *
   * @param values each reference read ({@code params.x}, {@code step.metrics.y}) and its value, in
   *     the order they were read
   */
  public record Outcome(boolean value, Map<String, String> values) {

    /** The values read, in order, e.g. {@code evaluate.metrics.accuracy = 0.81}. */
    public String describeValues() {
      return String.join(
          ", ", values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
    }
  }

  private static void collect(Expr expr, List<Expr.MetricRef> refs) {
    if (expr instanceof Expr.MetricRef ref) {
      refs.add(ref);
    } else if (expr instanceof Expr.Not not) {
      collect(not.operand(), refs);
    } else if (expr instanceof Expr.Negate negate) {
      collect(negate.operand(), refs);
    } else if (expr instanceof Expr.Binary binary) {
      collect(binary.left(), refs);
      collect(binary.right(), refs);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
