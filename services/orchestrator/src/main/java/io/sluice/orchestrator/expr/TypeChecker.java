package io.sluice.orchestrator.expr;

import io.sluice.orchestrator.expr.Expr.Binary;
import io.sluice.orchestrator.expr.Expr.Literal;
import io.sluice.orchestrator.expr.Expr.MetricRef;
import io.sluice.orchestrator.expr.Expr.Negate;
import io.sluice.orchestrator.expr.Expr.Not;
import io.sluice.orchestrator.expr.Expr.Op;
import io.sluice.orchestrator.expr.Expr.ParamRef;
import java.util.Set;

/**
 * Refuses at registration what can never be evaluated: {@code and} over numbers, a string literal
 * in arithmetic or an ordering, a number compared with a string literal, a condition that is not
 * true or false, an unknown param. A param is text whose numeric reading is only known at run time,
 * so it goes wherever a number or a string may.
 */
final class TypeChecker {

  enum Type {
    BOOLEAN("true/false"),
    NUMBER("a number"),
    STRING("a string"),
    PARAM("a param");

    final String label;

    Type(String label) {
      this.label = label;
    }

    boolean numeric() {
      return this == NUMBER || this == PARAM;
    }
  }

  private final Set<String> params;

  TypeChecker(Set<String> params) {
    this.params = params;
  }

  void checkCondition(Expr expr) throws ExprException {
    Type type = type(expr);
    if (type != Type.BOOLEAN) {
      throw new ExprException(
          expr.column(), "a condition must be true or false, but this is " + type.label);
    }
  }

  Type type(Expr expr) throws ExprException {
    if (expr instanceof Literal literal) {
      return literalType(literal.value());
    } else if (expr instanceof ParamRef param) {
      return paramType(param);
    } else if (expr instanceof MetricRef) {
      return Type.NUMBER;
    } else if (expr instanceof Not not) {
      return expect(not.operand(), Type.BOOLEAN, "'not'");
    } else if (expr instanceof Negate negate) {
      return number(negate.operand(), "'-'");
    }
    return binaryType((Binary) expr);
  }

  private Type paramType(ParamRef param) throws ExprException {
    if (!params.contains(param.name())) {
      throw new ExprException(
          param.column(),
          "unknown param '"
              + Lexer.abbreviate(param.name())
              + "' (params: "
              + params.stream().sorted().toList()
              + ")");
    }
    return Type.PARAM;
  }

  private Type binaryType(Binary binary) throws ExprException {
    Op op = binary.op();
    String what = "'" + op.symbol + "'";
    if (op == Op.AND || op == Op.OR) {
      expect(binary.left(), Type.BOOLEAN, what);
      return expect(binary.right(), Type.BOOLEAN, what);
    }
    if (op.isArithmetic()) {
      number(binary.left(), what);
      return number(binary.right(), what);
    }
    if (op.isOrdering()) {
      number(binary.left(), what);
      number(binary.right(), what);
      return Type.BOOLEAN;
    }
    checkEquality(binary);
    return Type.BOOLEAN;
  }

  /** {@code ==} and {@code !=}: same kinds, or a param against a number or a string. */
  private void checkEquality(Binary binary) throws ExprException {
    Type left = type(binary.left());
    Type right = type(binary.right());
    boolean comparable =
        left == right
            || (left == Type.PARAM && right != Type.BOOLEAN)
            || (right == Type.PARAM && left != Type.BOOLEAN);
    if (!comparable) {
      throw new ExprException(
          binary.column(),
          "'" + binary.op().symbol + "' cannot compare " + left.label + " with " + right.label);
    }
  }

  private Type number(Expr operand, String what) throws ExprException {
    Type type = type(operand);
    if (!type.numeric()) {
      throw new ExprException(operand.column(), what + " needs a number, not " + type.label);
    }
    return Type.NUMBER;
  }

  private Type expect(Expr operand, Type expected, String what) throws ExprException {
    Type type = type(operand);
    if (type != expected) {
      throw new ExprException(
          operand.column(), what + " needs " + expected.label + ", not " + type.label);
    }
    return type;
  }

  private static Type literalType(Object value) {
    if (value instanceof Boolean) {
      return Type.BOOLEAN;
    }
    return value instanceof Double ? Type.NUMBER : Type.STRING;
  }
}
