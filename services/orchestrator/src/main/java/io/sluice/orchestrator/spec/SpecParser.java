package io.sluice.orchestrator.spec;

import io.sluice.events.Scheduling;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns pipeline YAML into a validated {@link PipelineSpec}, or refuses it with the line and the
 * problem. It reads SnakeYAML's node tree (never constructs Java objects from tags) under limits
 * that defuse hostile input: size, nesting depth, alias count and the expanded node count.
 */
public final class SpecParser {

  /** The largest spec accepted, in characters. */
  public static final int MAX_CHARS = 256 * 1024;

  static final int MAX_NODES = 20_000;
  static final int MAX_STEPS = 200;

  private static final Set<String> KEYS =
      Set.of("name", "trigger", "params", "steps", "model", "scheduling", "timeout", "concurrency");

  /** The highest {@code concurrency.limit}. */
  static final int MAX_RUN_LIMIT = 1000;

  /** Parses and validates; throws {@link SpecException} naming the line of the first problem. */
  public PipelineSpec parse(String yaml) throws SpecException {
    if (yaml.length() > MAX_CHARS) {
      throw new SpecException(0, "the spec has more than " + MAX_CHARS + " characters");
    }
    Node root = compose(yaml);
    countNodes(root);
    PipelineSpec spec = fromRoot(root);
    SpecValidator.validate(spec);
    return spec;
  }

  private static Node compose(String yaml) throws SpecException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_CHARS);
    options.setProcessComments(false);
    try {
      Composer composer =
          new Composer(
              new ParserImpl(new StreamReader(new StringReader(yaml)), options),
              new Resolver(),
              options);
      Node root = composer.getSingleNode();
      if (root == null) {
        throw new SpecException(1, "the spec is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      throw new SpecException(lineOf(e), "malformed YAML: " + describe(e));
    } catch (YAMLException e) {
      throw new SpecException(0, "malformed YAML: " + e.getMessage());
    }
  }

  private static int lineOf(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return mark == null ? 0 : mark.getLine() + 1;
  }

  private static String describe(MarkedYAMLException e) {
    String context = e.getContext() == null ? "" : e.getContext() + ", ";
    String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
    return (context + problem).replaceAll("\\s+", " ").trim();
  }

  /** Walks the tree as a reader would expand it: aliases count each time they are used. */
  private static void countNodes(Node root) throws SpecException {
    Map<Node, Boolean> onPath = new IdentityHashMap<>();
    int[] count = {0};
    walk(root, count, onPath);
  }

  private static void walk(Node node, int[] count, Map<Node, Boolean> onPath) throws SpecException {
    if (++count[0] > MAX_NODES) {
      throw new SpecException(
          YamlNode.line(node),
          "the spec expands to more than " + MAX_NODES + " YAML nodes (aliases?)");
    }
    if (onPath.put(node, Boolean.TRUE) != null) {
      throw new SpecException(YamlNode.line(node), "recursive alias");
    }
    if (node instanceof ScalarNode scalar) {
      refuseControlCharacters(scalar);
    } else if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        walk(tuple.getKeyNode(), count, onPath);
        walk(tuple.getValueNode(), count, onPath);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        walk(item, count, onPath);
      }
    }
    onPath.remove(node);
  }

  /**
   * YAML escapes ({@code "\\0"}, {@code "\\x07"}) can put any character into a string. Tabs and
   * line breaks have their uses (a script in {@code command}); NUL cannot be stored by Postgres and
   * would fail every run of the pipeline, and the other control characters have no use.
   */
  private static void refuseControlCharacters(ScalarNode scalar) throws SpecException {
    boolean hostile =
        scalar
            .getValue()
            .chars()
            .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    if (hostile) {
      throw new SpecException(
          YamlNode.line(scalar),
          "a value holds a control character (NUL, ...); only tab and line breaks are allowed");
    }
  }

  private static PipelineSpec fromRoot(Node root) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(root, "the pipeline", KEYS);
    String name =
        Names.qualified(YamlNode.required(entries, "name", root, "the pipeline"), "pipeline name");
    TriggerParser.Trigger trigger =
        TriggerParser.parse(YamlNode.required(entries, "trigger", root, "the pipeline"), name);
    Map<String, String> params = params(entries.get("params"));
    // Every step starts from the pipeline's scheduling (queue, priority, placement), if any.
    Scheduling defaults = SchedulingParser.parse(entries.get("scheduling"), "the pipeline", null);
    List<StepSpec> steps =
        steps(YamlNode.required(entries, "steps", root, "the pipeline"), params, defaults);
    Node model = entries.get("model");
    Node timeout = entries.get("timeout");
    return new PipelineSpec(
        name,
        trigger.dataset(),
        params,
        steps,
        model == null ? null : ModelParser.parse(model),
        timeout == null ? null : DurationText.read(timeout, "the pipeline timeout"),
        trigger.rules(),
        trigger.onRegister(),
        runLimit(entries.get("concurrency")));
  }

  /** {@code concurrency: {limit: N}}: at most N runs of the pipeline at once. */
  private static Integer runLimit(Node node) throws SpecException {
    if (node == null) {
      return null;
    }
    Map<String, Node> entries = YamlNode.mapping(node, "concurrency", Set.of("limit"));
    return YamlNode.integer(
        YamlNode.required(entries, "limit", node, "concurrency"),
        "concurrency limit",
        1,
        MAX_RUN_LIMIT);
  }

  private static Map<String, String> params(Node node) throws SpecException {
    Map<String, String> params = new LinkedHashMap<>();
    if (node == null) {
      return params;
    }
    for (Map.Entry<String, Node> entry : YamlNode.anyMapping(node, "params").entrySet()) {
      Names.identifier(entry.getKey(), entry.getValue(), "param name");
      params.put(
          entry.getKey(), YamlNode.scalarText(entry.getValue(), "param '" + entry.getKey() + "'"));
    }
    return params;
  }

  private static List<StepSpec> steps(Node node, Map<String, String> params, Scheduling defaults)
      throws SpecException {
    List<Node> items = YamlNode.sequence(node, "steps");
    if (items.isEmpty()) {
      throw new SpecException(YamlNode.line(node), "steps must not be empty");
    }
    if (items.size() > MAX_STEPS) {
      throw new SpecException(
          YamlNode.line(node), "a pipeline has at most " + MAX_STEPS + " steps");
    }
    StepParser parser = new StepParser(params.keySet(), defaults);
    List<StepSpec> steps = new ArrayList<>();
    for (Node item : items) {
      steps.add(parser.parse(item));
    }
    return steps;
  }
}
