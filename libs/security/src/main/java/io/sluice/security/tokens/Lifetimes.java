package io.sluice.security.tokens;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a token lifetime as people write it: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
public final class Lifetimes {

  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

  private Lifetimes() {}

  /**
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is not one
   */
  public static Duration parse(String text) {
    Matcher matcher = FORM.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "a lifetime is a number and a unit (s, m, h or d), e.g. 30m or 7d; got '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
