package io.sluice.orchestrator.run;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a failed step said last: the last meaningful line of its log tail (the executor already
 * masked secrets and bounded it), so that the run's view shows {@code exit code 2: usage: ...}
 * rather than only {@code exit code 2}.
 */
final class StepSaid {

  /** The most characters kept: a line for a person, not a log. */
  static final int MAX_CHARS = 300;

  private static final Pattern NOISE =
      Pattern.compile("\\s*(at \\S+\\(.*\\)|\\.\\.\\. \\d+ more|\\^+|\\|)\\s*");

  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

  private StepSaid() {}

  /** The last line of {@code logTail} that is neither blank nor a stack frame; empty if none. */
  static String lastLine(String logTail) {
    List<String> lines = logTail.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = CONTROL.matcher(lines.get(i)).replaceAll("").strip();
      if (!line.isEmpty() && !NOISE.matcher(line).matches()) {
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "...";
      }
    }
    return "";
  }
}
