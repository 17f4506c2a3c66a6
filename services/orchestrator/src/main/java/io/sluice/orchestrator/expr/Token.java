package io.sluice.orchestrator.expr;

/**
 * One lexical unit of a condition.
 *
 * @param text the characters as written (for an identifier, its name; for a string, its content)
 * @param column the 1-based column of its first character
 */
record Token(Kind kind, String text, int column) {

  enum Kind {
    NUMBER,
    STRING,
    IDENTIFIER,
    TRUE,
    FALSE,
    AND,
    OR,
    NOT,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    LEFT_PAREN,
    RIGHT_PAREN,
    DOT,
    END
  }

  /** How a token is named in an error message. */
  String describe() {
    return switch (kind) {
      case END -> "the end of the condition";
      case STRING -> "the string '" + Lexer.abbreviate(text) + "'";
      default -> "'" + Lexer.abbreviate(text) + "'";
    };
  }
}
