package io.sluice.orchestrator.expr;

import io.sluice.orchestrator.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a condition into tokens. Only ASCII outside string literals: anything else is refused with
 * its column, so look-alike characters (a Unicode minus, a non-breaking space) cannot make a
 * condition mean something other than what it shows.
 */
final class Lexer {

  /** Longest number literal: more digits than a double holds mean a mistake. */
  static final int MAX_NUMBER_CHARS = 40;

  private static final Map<String, Kind> KEYWORDS =
      Map.of(
          "and", Kind.AND, "or", Kind.OR, "not", Kind.NOT, "true", Kind.TRUE, "false", Kind.FALSE);

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokens(String text) throws ExprException {
    Lexer lexer = new Lexer(text);
    List<Token> tokens = new ArrayList<>();
    Token token;
    do {
      token = lexer.next();
      tokens.add(token);
    } while (token.kind() != Kind.END);
    return tokens;
  }

  private Token next() throws ExprException {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (pos >= text.length()) {
      return new Token(Kind.END, "", pos + 1);
    }
    char c = text.charAt(pos);
    if (c >= '0' && c <= '9') {
      return number();
    }
    if (c == '\'' || c == '"') {
      return string(c);
    }
    if (isLetter(c) || c == '_') {
      return word();
    }
    return operator(c);
  }

  private Token number() throws ExprException {
    int start = pos;
    digits();
    if (peek('.') && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
      pos++;
      digits();
    }
    if (peek('e') || peek('E')) {
      pos++;
      if (peek('+') || peek('-')) {
        pos++;
      }
      if (pos >= text.length() || !isDigit(text.charAt(pos))) {
        throw new ExprException(start + 1, "malformed number exponent");
      }
      digits();
    }
    String literal = text.substring(start, pos);
    if (literal.length() > MAX_NUMBER_CHARS) {
      throw new ExprException(
          start + 1, "a number has at most " + MAX_NUMBER_CHARS + " characters");
    }
    if (!Double.isFinite(Double.parseDouble(literal))) {
      throw new ExprException(start + 1, "the number " + abbreviate(literal) + " is out of range");
    }
    return new Token(Kind.NUMBER, literal, start + 1);
  }

  private void digits() {
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  /** No escapes: a string holds any character but its own quote (use the other quote). */
  private Token string(char quote) throws ExprException {
    int start = pos;
    int end = text.indexOf(quote, pos + 1);
    if (end < 0) {
      throw new ExprException(start + 1, "the string is not closed (missing " + quote + ")");
    }
    pos = end + 1;
    return new Token(Kind.STRING, text.substring(start + 1, end), start + 1);
  }

  /**
   * A name: letters, digits, {@code _} and {@code -} as in step names. A {@code -} belongs to the
   * name only when a name character follows it, so {@code a - b} subtracts and {@code f1-score} is
   * one name.
   */
  private Token word() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean nameChar = isLetter(c) || isDigit(c) || c == '_';
      boolean innerDash = c == '-' && pos + 1 < text.length() && isNameChar(text.charAt(pos + 1));
      if (!nameChar && !innerDash) {
        break;
      }
      pos++;
    }
    String word = text.substring(start, pos);
    return new Token(KEYWORDS.getOrDefault(word, Kind.IDENTIFIER), word, start + 1);
  }

  private Token operator(char c) throws ExprException {
    int column = pos + 1;
    String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
    Kind pair =
        switch (two) {
          case "==" -> Kind.EQ;
          case "!=" -> Kind.NE;
          case "<=" -> Kind.LE;
          case ">=" -> Kind.GE;
          default -> null;
        };
    if (pair != null) {
      pos += 2;
      return new Token(pair, two, column);
    }
    Kind single = single(c, column, two);
    pos++;
    return new Token(single, String.valueOf(c), column);
  }

  private static Kind single(char c, int column, String two) throws ExprException {
    return switch (c) {
      case '<' -> Kind.LT;
      case '>' -> Kind.GT;
      case '+' -> Kind.PLUS;
      case '-' -> Kind.MINUS;
      case '*' -> Kind.STAR;
      case '/' -> Kind.SLASH;
      case '(' -> Kind.LEFT_PAREN;
      case ')' -> Kind.RIGHT_PAREN;
      case '.' -> Kind.DOT;
      case '=' -> throw new ExprException(column, "'=' is not an operator, compare with '=='");
      case '&' -> throw new ExprException(column, "write 'and' instead of '" + two + "'");
      case '|' -> throw new ExprException(column, "write 'or' instead of '" + two + "'");
      case '!' -> throw new ExprException(column, "write 'not' instead of '!'");
      default -> throw new ExprException(column, "unexpected character " + describe(c));
    };
  }

  private static String describe(char c) {
    String code = String.format("U+%04X", (int) c);
    return c >= 0x20 && c < 0x7f ? "'" + c + "' (" + code + ")" : code;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNameChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_';
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
