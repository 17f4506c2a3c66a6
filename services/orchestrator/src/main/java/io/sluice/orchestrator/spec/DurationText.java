package io.sluice.orchestrator.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses step timeouts written like {@code 90s}, {@code 10m}, {@code 1h30m}. */
final class DurationText {

  /** A week: longer attempts are almost certainly a typo. */
  static final long MAX_SECONDS = 7L * 24 * 3600;

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

  private DurationText() {}

  /** The seconds of {@code text}, or -1 when it is not a positive duration of at most a week. */
  static long seconds(String text) {
    Matcher matcher = FORMAT.matcher(text);
    if (text.isEmpty() || !matcher.matches()) {
      return -1;
    }
    long seconds = part(matcher, 1) * 3600 + part(matcher, 2) * 60 + part(matcher, 3);
    return seconds < 1 || seconds > MAX_SECONDS ? -1 : seconds;
  }

  private static long part(Matcher matcher, int group) {
    String value = matcher.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }
}
