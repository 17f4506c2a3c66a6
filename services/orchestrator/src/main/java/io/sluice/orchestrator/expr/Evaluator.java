package io.sluice.orchestrator.expr;

import io.sluice.orchestrator.expr.Expr.Binary;
import io.sluice.orchestrator.expr.Expr.Literal;
import io.sluice.orchestrator.expr.Expr.MetricRef;
import io.sluice.orchestrator.expr.Expr.Negate;
import io.sluice.orchestrator.expr.Expr.Not;
import io.sluice.orchestrator.expr.Expr.Op;
import io.sluice.orchestrator.expr.Expr.ParamRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a type-checked condition over one run's params and its upstream steps' metrics,
 * recording every value it read. {@code and} and {@code or} stop at the first operand that decides.
 * A param (text) is a number where a number is needed when it reads as a decimal number; {@code ==}
 * compares numerically when both sides read as numbers and as text otherwise.
 */
final class Evaluator {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final Map<String, String> params;
  private final Map<String, Map<String, Double>> metrics;
  private final Map<String, String> seen = new LinkedHashMap<>();

  Evaluator(Map<String, String> params, Map<String, Map<String, Double>> metrics) {
    this.params = params;
    this.metrics = metrics;
  }

  Map<String, String> seen() {
    return seen;
  }

  Object eval(Expr expr) throws EvalException {
    if (expr instanceof Literal literal) {
      return literal.value();
    } else if (expr instanceof ParamRef param) {
      return param(param);
    } else if (expr instanceof MetricRef metric) {
      return metric(metric);
    } else if (expr instanceof Not not) {
      return !(Boolean) eval(not.operand());
    } else if (expr instanceof Negate negate) {
      return -number(eval(negate.operand()), negate.operand());
    }
    return binary((Binary) expr);
  }

  private String param(ParamRef ref) throws EvalException {
    String value = params.get(ref.name());
    if (value == null) {
      throw new EvalException(ref.text() + " has no value in this run");
    }
    seen.put(ref.text(), value);
    return value;
  }

  private Double metric(MetricRef ref) throws EvalException {
    Map<String, Double> reported = metrics.get(ref.step());
    if (reported == null) {
      throw new EvalException("step '" + ref.step() + "' has not reported metrics in this run");
    }
    Double value = reported.get(ref.metric());
    if (value == null) {
      throw new EvalException(
          "step '"
              + ref.step()
              + "' reported no metric '"
              + ref.metric()
              + "' (it reported: "
              + reported.keySet().stream().sorted().toList()
              + ")");
    }
    seen.put(ref.text(), format(value));
    return value;
  }

  private Object binary(Binary binary) throws EvalException {
    Op op = binary.op();
    if (op == Op.AND || op == Op.OR) {
      boolean left = (Boolean) eval(binary.left());
      if (left == (op == Op.OR)) {
        return left;
      }
      return eval(binary.right());
    }
    Object left = eval(binary.left());
    Object right = eval(binary.right());
    if (op.isEquality()) {
      return equal(left, right, binary) == (op == Op.EQ);
    }
    double a = number(left, binary.left());
    double b = number(right, binary.right());
    return op.isOrdering() ? order(op, Double.compare(a, b)) : arithmetic(op, a, b, binary);
  }

  private static boolean order(Op op, int comparison) {
    return switch (op) {
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      default -> comparison >= 0;
    };
  }

  private static double arithmetic(Op op, double a, double b, Binary where) throws EvalException {
    if (op == Op.DIV && b == 0) {
      throw new EvalException("division by zero at column " + where.column());
    }
    double result =
        switch (op) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          default -> a / b;
        };
    if (!Double.isFinite(result)) {
      throw new EvalException("arithmetic overflow at column " + where.column());
    }
    return result;
  }

  private static boolean equal(Object left, Object right, Binary where) throws EvalException {
    if (left instanceof Boolean || right instanceof Boolean) {
      return left.equals(right);
    }
    if (readsAsNumber(left) && readsAsNumber(right)) {
      return number(left, where) == number(right, where);
    }
    if (left instanceof String && right instanceof String) {
      return left.equals(right);
    }
    throw new EvalException(
        "'"
            + where.op().symbol
            + "' at column "
            + where.column()
            + " cannot compare "
            + show(left)
            + " with "
            + show(right));
  }

  private static boolean readsAsNumber(Object value) {
    return value instanceof Double || DECIMAL.matcher((String) value).matches();
  }

  private static double number(Object value, Expr where) throws EvalException {
    if (value instanceof Double number) {
      return number;
    }
    String text = (String) value;
    if (DECIMAL.matcher(text).matches()) {
      double number = Double.parseDouble(text);
      if (Double.isFinite(number)) {
        return number;
      }
    }
    throw new EvalException(describe(where) + " is " + show(text) + ", which is not a number");
  }

  private static String describe(Expr expr) {
    return expr instanceof ParamRef param ? param.text() : "the value at column " + expr.column();
  }

  private static String show(Object value) {
    return value instanceof String text ? "'" + Lexer.abbreviate(text) + "'" : format(value);
  }

  /**
   * Integral numbers without a fraction ({@code 3}, not {@code 3.0}); others as Java writes them.
   */
  static String format(Object value) {
    if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
      return Long.toString(number.longValue());
    }
    return String.valueOf(value);
  }
}
