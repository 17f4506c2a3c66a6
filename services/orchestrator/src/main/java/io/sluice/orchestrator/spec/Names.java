package io.sluice.orchestrator.spec;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The shapes of names in a spec. Step, input, output and param names end up in object keys,
 * environment variables and Kubernetes labels, so they are short lower-case identifiers.
 */
final class Names {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern QUALIFIED = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  private Names() {}

  /** A step, input, output or param name. */
  static String identifier(Node node, String what) throws SpecException {
    return checked(YamlNode.text(node, what), node, what, IDENTIFIER);
  }

  static String identifier(String value, Node node, String what) throws SpecException {
    return checked(value, node, what, IDENTIFIER);
  }

  /** A pipeline, model or dataset name. */
  static String qualified(Node node, String what) throws SpecException {
    return checked(YamlNode.text(node, what), node, what, QUALIFIED);
  }

  private static String checked(String value, Node node, String what, Pattern pattern)
      throws SpecException {
    if (!pattern.matcher(value).matches()) {
      throw new SpecException(
          YamlNode.line(node),
          what + " '" + abbreviate(value) + "' must match " + pattern.pattern());
    }
    return value;
  }

  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
