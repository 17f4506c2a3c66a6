package io.sluice.orchestrator.expr;

import io.sluice.orchestrator.expr.Expr.Binary;
import io.sluice.orchestrator.expr.Expr.Literal;
import io.sluice.orchestrator.expr.Expr.MetricRef;
import io.sluice.orchestrator.expr.Expr.Negate;
import io.sluice.orchestrator.expr.Expr.Not;
import io.sluice.orchestrator.expr.Expr.Op;
import io.sluice.orchestrator.expr.Expr.ParamRef;
import io.sluice.orchestrator.expr.Token.Kind;
import java.util.List;
import java.util.Map;

/**
 * Recursive descent over the grammar below, lowest precedence first. Nesting (parentheses, {@code
 * not}, unary minus) is bounded so that no condition can exhaust the stack.
 *
 * <pre>
 * or         := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | comparison
 * comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 * sum        := product (("+" | "-") product)*
 * product    := unary (("*" | "/") unary)*
 * unary      := "-" unary | primary
 * primary    := NUMBER | STRING | "true" | "false" | reference | "(" or ")"
 * reference  := "params" "." NAME | NAME "." "metrics" "." NAME
 * </pre>
 */
final class Parser {

  static final int MAX_DEPTH = 32;

  private static final Map<Kind, Op> COMPARISONS =
      Map.of(
          Kind.EQ, Op.EQ, Kind.NE, Op.NE, Kind.LT, Op.LT, Kind.LE, Op.LE, Kind.GT, Op.GT, Kind.GE,
          Op.GE);

  private final List<Token> tokens;
  private int pos;
  private int depth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Expr parse(String text) throws ExprException {
    Parser parser = new Parser(Lexer.tokens(text));
    Expr expr = parser.or();
    Token rest = parser.peek();
    if (rest.kind() != Kind.END) {
      throw new ExprException(rest.column(), "unexpected " + rest.describe());
    }
    return expr;
  }

  private Expr or() throws ExprException {
    Expr left = and();
    while (peek().kind() == Kind.OR) {
      Token op = advance();
      left = new Binary(Op.OR, left, and(), op.column());
    }
    return left;
  }

  private Expr and() throws ExprException {
    Expr left = not();
    while (peek().kind() == Kind.AND) {
      Token op = advance();
      left = new Binary(Op.AND, left, not(), op.column());
    }
    return left;
  }

  private Expr not() throws ExprException {
    if (peek().kind() != Kind.NOT) {
      return comparison();
    }
    Token not = advance();
    enter(not);
    Expr operand = not();
    depth--;
    return new Not(operand, not.column());
  }

  private Expr comparison() throws ExprException {
    Expr left = sum();
    Op op = COMPARISONS.get(peek().kind());
    if (op == null) {
      return left;
    }
    Token symbol = advance();
    Expr right = sum();
    if (COMPARISONS.containsKey(peek().kind())) {
      throw new ExprException(
          peek().column(), "comparisons do not chain: join them with 'and' instead");
    }
    return new Binary(op, left, right, symbol.column());
  }

  private Expr sum() throws ExprException {
    Expr left = product();
    while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
      Token op = advance();
      left = new Binary(op.kind() == Kind.PLUS ? Op.ADD : Op.SUB, left, product(), op.column());
    }
    return left;
  }

  private Expr product() throws ExprException {
    Expr left = unary();
    while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
      Token op = advance();
      left = new Binary(op.kind() == Kind.STAR ? Op.MUL : Op.DIV, left, unary(), op.column());
    }
    return left;
  }

  private Expr unary() throws ExprException {
    if (peek().kind() != Kind.MINUS) {
      return primary();
    }
    Token minus = advance();
    enter(minus);
    Expr operand = unary();
    depth--;
    return new Negate(operand, minus.column());
  }

  private Expr primary() throws ExprException {
    Token token = advance();
    return switch (token.kind()) {
      case NUMBER -> new Literal(Double.parseDouble(token.text()), token.column());
      case STRING -> new Literal(token.text(), token.column());
      case TRUE -> new Literal(Boolean.TRUE, token.column());
      case FALSE -> new Literal(Boolean.FALSE, token.column());
      case IDENTIFIER -> reference(token);
      case LEFT_PAREN -> parenthesised(token);
      default ->
          throw new ExprException(token.column(), "expected a value, got " + token.describe());
    };
  }

  private Expr parenthesised(Token open) throws ExprException {
    enter(open);
    Expr inner = or();
    depth--;
    Token close = advance();
    if (close.kind() != Kind.RIGHT_PAREN) {
      throw new ExprException(
          close.column(),
          "expected ')' to close the '(' at column " + open.column() + ", got " + close.describe());
    }
    return inner;
  }

  private Expr reference(Token first) throws ExprException {
    if (first.text().equals("params")) {
      expect(Kind.DOT, "'.' after 'params' (params.<name>)");
      return new ParamRef(name("a param name after 'params.'").text(), first.column());
    }
    Token dot = advance();
    Token metrics = advance();
    if (dot.kind() != Kind.DOT || !metrics.text().equals("metrics")) {
      throw new ExprException(
          first.column(),
          "unknown name '"
              + Lexer.abbreviate(first.text())
              + "': a value is params.<name> or <step>.metrics.<name>");
    }
    expect(Kind.DOT, "'.' after '" + first.text() + ".metrics'");
    return new MetricRef(first.text(), name("a metric name").text(), first.column());
  }

  private Token name(String what) throws ExprException {
    Token token = advance();
    if (token.kind() != Kind.IDENTIFIER) {
      throw new ExprException(token.column(), "expected " + what + ", got " + token.describe());
    }
    return token;
  }

  private void expect(Kind kind, String what) throws ExprException {
    Token token = advance();
    if (token.kind() != kind) {
      throw new ExprException(token.column(), "expected " + what + ", got " + token.describe());
    }
  }

  private void enter(Token token) throws ExprException {
    if (++depth > MAX_DEPTH) {
      throw new ExprException(
          token.column(), "the condition nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token advance() {
    Token token = tokens.get(pos);
    if (token.kind() != Kind.END) {
      pos++;
    }
    return token;
  }
}
