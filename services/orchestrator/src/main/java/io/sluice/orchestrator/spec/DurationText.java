package io.sluice.orchestrator.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses durations (step timeouts, retry backoff) written like {@code 90s}, {@code 10m}, {@code
 * 1h30m}.
 */
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

  /** The seconds of a duration node, refused with its line when it is not one. */
  static long read(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what);
    long seconds = seconds(text);
    if (seconds < 0) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " must look like 90s, 10m or 1h30m (at most 168h), got '"
              + Names.abbreviate(text)
              + "'");
    }
    return seconds;
  }

  private static long part(Matcher matcher, int group) {
    String value = matcher.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }
}
