package io.sluice.launcher.step;

import io.sluice.events.FailureReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{inputs.x}}} and {@code {{outputs.x}}} in a step's argv with local folder paths.
 * A placeholder naming an unknown folder, or any other {@code {{...}}} left in the command, makes
 * the request invalid: running a command with a literal placeholder would fail in a confusing way.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private final Map<String, Path> inputs;
  private final Map<String, Path> outputs;

  public Placeholders(Map<String, Path> inputs, Map<String, Path> outputs) {
    this.inputs = Map.copyOf(inputs);
    this.outputs = Map.copyOf(outputs);
  }

  /** The argv with every placeholder replaced. */
  public List<String> substitute(List<String> argv) throws StepFailure {
    List<String> result = new ArrayList<>(argv.size());
    for (String arg : argv) {
      result.add(substitute(arg));
    }
    return result;
  }

  private String substitute(String arg) throws StepFailure {
    Matcher matcher = PLACEHOLDER.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(resolve(matcher.group(1))));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String resolve(String expression) throws StepFailure {
    Path path = null;
    if (expression.startsWith("inputs.")) {
      path = inputs.get(expression.substring("inputs.".length()));
    } else if (expression.startsWith("outputs.")) {
      path = outputs.get(expression.substring("outputs.".length()));
    }
    if (path == null) {
      throw new StepFailure(
          FailureReason.INVALID_REQUEST,
          false,
          "argv refers to {{" + expression + "}}, which is not an input or output of the step");
    }
    return path.toString();
  }
}
