package io.sluice.orchestrator.spec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{params.x}}}, {@code {{dataset.x}}}, {@code {{inputs.x}}} and {@code {{outputs.x}}}
 * placeholders of a step's command and env: checked at registration, params and the dataset's
 * schema substituted when a step is requested, inputs and outputs left for the executor.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern REFERENCE =
      Pattern.compile("\\s*(params|dataset|inputs|outputs)\\.([A-Za-z0-9_-]+)\\s*");

  /** What {@code {{dataset.x}}} may name: the run's dataset and its declared schema. */
  public static final List<String> DATASET_FIELDS = List.of("label", "features", "name", "version");

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
              + ": use {{params.x}}, {{dataset.x}}, {{inputs.x}} or {{outputs.x}}");
    }
    String name = reference.group(2);
    Collection<String> known =
        switch (reference.group(1)) {
          case "params" -> params;
          case "dataset" -> DATASET_FIELDS;
          case "inputs" -> inputs;
          default -> outputs;
        };
    if (!known.contains(name)) {
      String kind = reference.group(1).replaceFirst("s$", "");
      throw new SpecException(
          line,
          "unknown placeholder "
              + Names.abbreviate(whole)
              + ": no "
              + kind
              + " '"
              + Names.abbreviate(name)
              + "' "
              + known);
    }
  }

  /**
   * {@code text} with every {@code {{params.x}}} replaced by its value; others left as they are.
   */
  public static String substituteParams(String text, Map<String, String> params) {
    return substitute(text, params, Map.of());
  }

  /**
   * {@code text} with every {@code {{params.x}}} and {@code {{dataset.x}}} replaced by its value,
   * in one pass (so a value that looks like a placeholder, say a hostile CSV header, stays as it
   * is); a placeholder without a value and the executor's ones are left as they are.
   */
  public static String substitute(
      String text, Map<String, String> params, Map<String, String> dataset) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Matcher reference = REFERENCE.matcher(matcher.group(1));
      String replacement = matcher.group();
      if (reference.matches()) {
        Map<String, String> values =
            switch (reference.group(1)) {
              case "params" -> params;
              case "dataset" -> dataset;
              default -> Map.of();
            };
        replacement = values.getOrDefault(reference.group(2), replacement);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** Whether {@code text} holds the placeholder {@code {{kind.name}}}. */
  public static boolean uses(String text, String kind, String name) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      Matcher reference = REFERENCE.matcher(matcher.group(1));
      if (reference.matches()
          && reference.group(1).equals(kind)
          && reference.group(2).equals(name)) {
        return true;
      }
    }
    return false;
  }
}
