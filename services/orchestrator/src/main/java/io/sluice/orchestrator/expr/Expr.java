package io.sluice.orchestrator.expr;

/** The tree of a parsed condition; every node keeps the column it starts at (for errors). */
sealed interface Expr {

  int column();

  /** A number ({@link Double}), a string or a boolean written in the condition. */
  record Literal(Object value, int column) implements Expr {}

  /** {@code params.<name>}: the run's value of a param, always a string. */
  record ParamRef(String name, int column) implements Expr {

    String text() {
      return "params." + name;
    }
  }

  /** {@code <step>.metrics.<name>}: a metric an upstream step reported, a number. */
  record MetricRef(String step, String metric, int column) implements Expr {

    String text() {
      return step + ".metrics." + metric;
    }
  }

  record Not(Expr operand, int column) implements Expr {}

  record Negate(Expr operand, int column) implements Expr {}

  /** A binary operator; {@code column} is the operator's. */
  record Binary(Op op, Expr left, Expr right, int column) implements Expr {}

  enum Op {
    OR("or"),
    AND("and"),
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean isOrdering() {
      return this == LT || this == LE || this == GT || this == GE;
    }

    boolean isEquality() {
      return this == EQ || this == NE;
    }

    boolean isArithmetic() {
      return this == ADD || this == SUB || this == MUL || this == DIV;
    }
  }
}
