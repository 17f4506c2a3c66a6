package io.sluice.orchestrator.spec;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{params.x}}}, {@code {{inputs.x}}} and {@code {{outputs.x}}} placeholders of a step's
 * command and env: checked at registration, params substituted when a step is requested, inputs and
 * outputs left for the executor.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern REFERENCE =
      Pattern.compile("\\s*(params|inputs|outputs)\\.([A-Za-z0-9_-]+)\\s*");

  private Placeholders() {}

  /** Throws naming the first placeholder that refers to nothing the step knows. */
  static void check(
      String text,
      int line,
      Collection<String> params,
      Collection<String> inputs,
      Collection<String> outputs)
      throws SpecException {
    Matcher matcher = PLACEHOLDER.matcher(text);
    int end = 0;
    while (matcher.find()) {
      checkOne(matcher.group(), matcher.group(1), line, params, inputs, outputs);
      end = matcher.end();
    }
    if (text.indexOf("{{", end) >= 0) {
      throw new SpecException(line, "unclosed placeholder in '" + Names.abbreviate(text) + "'");
    }
  }

  private static void checkOne(
      String whole,
      String inner,
      int line,
      Collection<String> params,
      Collection<String> inputs,
      Collection<String> outputs)
      throws SpecException {
    Matcher reference = REFERENCE.matcher(inner);
    if (!reference.matches()) {
      throw new SpecException(
          line,
          "unknown placeholder "
              + Names.abbreviate(whole)
              + ": use {{params.x}}, {{inputs.x}} or {{outputs.x}}");
    }
    String name = reference.group(2);
    Collection<String> known =
        switch (reference.group(1)) {
          case "params" -> params;
          case "inputs" -> inputs;
          default -> outputs;
        };
    if (!known.contains(name)) {
      String kind = reference.group(1).substring(0, reference.group(1).length() - 1);
      throw new SpecException(
          line, "unknown placeholder " + whole + ": no " + kind + " '" + name + "' " + known);
    }
  }

  /**
   * {@code text} with every {@code {{params.x}}} replaced by its value; others left as they are.
   */
  public static String substituteParams(String text, Map<String, String> params) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Matcher reference = REFERENCE.matcher(matcher.group(1));
      String replacement = matcher.group();
      if (reference.matches() && reference.group(1).equals("params")) {
        replacement = params.getOrDefault(reference.group(2), replacement);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
