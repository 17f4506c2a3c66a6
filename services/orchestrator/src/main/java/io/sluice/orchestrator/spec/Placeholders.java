package io.sluice.orchestrator.spec;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{params.x}}}, {@code {{dataset.x}}}, {@code {{inputs.x}}} and {@code {{outputs.x}}}
 * placeholders of a step's command and env: checked at registration, params and the dataset's
 * schema substituted when a step is requested, inputs and outputs left for the executor. {@code
 * {{item.k}}} and {@code {{item.index}}} belong to fan-outs: their syntax is checked here, what
 * they may name by {@link FanOutRules}, and {@link FanOutExpansion} replaces them.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");
  private static final Pattern REFERENCE =
      Pattern.compile("\\s*(params|dataset|inputs|outputs|item)\\.([A-Za-z0-9_-]+)\\s*");

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
              + ": use {{params.x}}, {{dataset.x}}, {{inputs.x}}, {{outputs.x}} or {{item.x}}");
    }
    String name = reference.group(2);
    if (reference.group(1).equals("item")) {
      return; // what an item placeholder may name depends on the fan-out: see FanOutRules
    }
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

  /** The names of the {@code kind} ({@code inputs}, {@code item}) placeholders in {@code text}. */
  static java.util.Set<String> names(String text, String kind) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      Matcher reference = REFERENCE.matcher(matcher.group(1));
      if (reference.matches() && reference.group(1).equals(kind)) {
        names.add(reference.group(2));
      }
    }
    return names;
  }

  /**
   * {@code text} with {@code {{item.k}}} replaced by the item's value, {@code {{item.index}}} by
   * the index, and each {@code {{inputs.x}}} whose name is a key of {@code renamedInputs} renamed.
   */
  static String substituteInstance(
      String text, int index, Map<String, String> item, Map<String, String> renamedInputs) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Matcher reference = REFERENCE.matcher(matcher.group(1));
      String replacement = matcher.group();
      if (reference.matches() && reference.group(1).equals("item")) {
        String key = reference.group(2);
        replacement = key.equals(FanOutRules.INDEX) ? Integer.toString(index) : item.get(key);
      } else if (reference.matches()
          && reference.group(1).equals("inputs")
          && renamedInputs.containsKey(reference.group(2))) {
        replacement = "{{inputs." + renamedInputs.get(reference.group(2)) + "}}";
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
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
