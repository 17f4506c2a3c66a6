package io.sluice.orchestrator.spec;

import io.sluice.events.Scheduling;
import io.sluice.orchestrator.expr.Condition;
import io.sluice.orchestrator.expr.ExprException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one entry of {@code steps}, applying defaults and checking its placeholders. */
final class StepParser {

  static final int MAX_RETRIES = 10;
  static final long DEFAULT_TIMEOUT_SECONDS = 3600;

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "image",
          "command",
          "inputs",
          "outputs",
          "resources",
          "retries",
          "retryBackoff",
          "timeout",
          "env",
          "scheduling",
          "secretRefs",
          "cache",
          "fanOut",
          "when",
          "retryOn");
  private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "gpu");
  private static final Set<String> GPU_KEYS = Set.of("count", "type");

  private final Set<String> params;
  private final Scheduling pipelineScheduling;

  /** {@code pipelineScheduling}: what every step's scheduling starts from, or null. */
  StepParser(Set<String> params, Scheduling pipelineScheduling) {
    this.params = params;
    this.pipelineScheduling = pipelineScheduling;
  }

  StepSpec parse(Node node) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(node, "a step", KEYS);
    Node nameNode = YamlNode.required(entries, "name", node, "a step");
    String name = Names.identifier(nameNode, "step name");
    String what = "step '" + name + "'";
    Node imageNode = YamlNode.required(entries, "image", node, what);
    String image = YamlNode.text(imageNode, what + " image");
    Map<String, InputRef> inputs = inputs(entries.get("inputs"), what);
    List<String> outputs = outputs(entries.get("outputs"), what);
    Node commandNode = YamlNode.required(entries, "command", node, what);
    List<String> command = texts(commandNode, what + " command", inputs.keySet(), outputs);
    if (command.isEmpty()) {
      throw new SpecException(YamlNode.line(commandNode), what + " command must not be empty");
    }
    int retries = retries(entries.get("retries"), what);
    Map<String, String> env = env(entries.get("env"), what, inputs.keySet(), outputs);
    return new StepSpec(
        name,
        image,
        command,
        inputs,
        outputs,
        resources(entries.get("resources"), what),
        retries,
        BackoffParser.parse(entries.get("retryBackoff"), retries, what),
        timeout(entries.get("timeout"), what),
        env,
        SchedulingParser.parse(entries.get("scheduling"), what, pipelineScheduling),
        SecretRefParser.parse(entries.get("secretRefs"), what, env.keySet()),
        cache(entries.get("cache"), what),
        YamlNode.line(nameNode),
        YamlNode.line(imageNode),
        FanOutParser.parse(entries.get("fanOut"), what),
        condition(entries.get("when"), what),
        RetryOnParser.parse(entries.get("retryOn"), retries, what));
  }

  /** The step's {@code when:}, parsed and type-checked, or null; steps are checked later. */
  private StepCondition condition(Node node, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    String text = YamlNode.text(node, what + " when");
    try {
      return new StepCondition(Condition.parse(text, params), YamlNode.line(node));
    } catch (ExprException e) {
      throw new SpecException(
          YamlNode.line(node), what + " when: " + e.problem() + " at column " + e.column());
    }
  }

  private List<String> texts(Node node, String what, Set<String> inputs, List<String> outputs)
      throws SpecException {
    List<String> texts = new ArrayList<>();
    for (Node item : YamlNode.sequence(node, what)) {
      String text = YamlNode.scalarText(item, what + " item");
      Placeholders.check(text, YamlNode.line(item), params, inputs, outputs);
      texts.add(text);
    }
    return texts;
  }

  private static Map<String, InputRef> inputs(Node node, String what) throws SpecException {
    Map<String, InputRef> inputs = new LinkedHashMap<>();
    if (node == null) {
      return inputs;
    }
    for (Map.Entry<String, Node> entry : YamlNode.anyMapping(node, what + " inputs").entrySet()) {
      Names.identifier(entry.getKey(), entry.getValue(), what + " input name");
      inputs.put(
          entry.getKey(), inputRef(entry.getValue(), what + " input '" + entry.getKey() + "'"));
    }
    return inputs;
  }

  static InputRef inputRef(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what);
    int line = YamlNode.line(node);
    if (text.equals(InputRef.DATASET)) {
      return InputRef.dataset(line);
    }
    if (text.startsWith(InputRef.UPSTREAM + ".")) {
      return upstreamRef(text, line, what);
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      throw new SpecException(
          line,
          what + " must be 'dataset' or '<step>.<output>', got '" + Names.abbreviate(text) + "'");
    }
    return new InputRef(text.substring(0, dot), text.substring(dot + 1), line);
  }

  /**
   * {@code upstream.<step>.<output>}: checked for shape here, resolved when a chained run starts.
   */
  private static InputRef upstreamRef(String text, int line, String what) throws SpecException {
    String[] parts = text.split("\\.", -1);
    boolean wellFormed =
        parts.length == 3
            && parts[1].matches("[a-z][a-z0-9_-]{0,62}")
            && parts[2].matches("[a-z][a-z0-9_-]{0,62}");
    if (!wellFormed) {
      throw new SpecException(
          line,
          what
              + " must be 'upstream.<step>.<output>' to read the upstream run's output, got '"
              + Names.abbreviate(text)
              + "'");
    }
    return new InputRef(InputRef.UPSTREAM + "." + parts[1], parts[2], line);
  }

  private static List<String> outputs(Node node, String what) throws SpecException {
    Set<String> outputs = new LinkedHashSet<>();
    if (node == null) {
      return List.of();
    }
    for (Node item : YamlNode.sequence(node, what + " outputs")) {
      String output = Names.identifier(item, what + " output name");
      if (!outputs.add(output)) {
        throw new SpecException(YamlNode.line(item), what + " lists output '" + output + "' twice");
      }
    }
    return List.copyOf(outputs);
  }

  private static ResourceSpec resources(Node node, String what) throws SpecException {
    if (node == null) {
      return ResourceSpec.DEFAULT;
    }
    Map<String, Node> entries = YamlNode.mapping(node, what + " resources", RESOURCE_KEYS);
    String cpu = quantity(entries.get("cpu"), ResourceSpec.DEFAULT.cpu(), what + " cpu");
    String memory =
        quantity(entries.get("memory"), ResourceSpec.DEFAULT.memory(), what + " memory");
    Node gpu = entries.get("gpu");
    if (gpu == null) {
      return new ResourceSpec(cpu, memory, 0, null);
    }
    Map<String, Node> gpuEntries = YamlNode.mapping(gpu, what + " gpu", GPU_KEYS);
    int count =
        YamlNode.integer(
            YamlNode.required(gpuEntries, "count", gpu, what + " gpu"), what + " gpu count", 0, 64);
    Node type = gpuEntries.get("type");
    String gpuType = type == null ? null : YamlNode.text(type, what + " gpu type");
    if (gpuType != null && count == 0) {
      throw new SpecException(YamlNode.line(type), what + " gpu type is set but count is 0");
    }
    return new ResourceSpec(cpu, memory, count, gpuType);
  }

  private static String quantity(Node node, String fallback, String what) throws SpecException {
    if (node == null) {
      return fallback;
    }
    String text = YamlNode.scalarText(node, what);
    if (!text.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?")) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " must be a Kubernetes quantity like 500m, 2 or 4Gi, got '"
              + Names.abbreviate(text)
              + "'");
    }
    return text;
  }

  private static int retries(Node node, String what) throws SpecException {
    return node == null ? 0 : YamlNode.integer(node, what + " retries", 0, MAX_RETRIES);
  }

  private static boolean cache(Node node, String what) throws SpecException {
    return node == null || YamlNode.bool(node, what + " cache");
  }

  private static long timeout(Node node, String what) throws SpecException {
    return node == null ? DEFAULT_TIMEOUT_SECONDS : DurationText.read(node, what + " timeout");
  }

  private Map<String, String> env(Node node, String what, Set<String> inputs, List<String> outputs)
      throws SpecException {
    Map<String, String> env = new LinkedHashMap<>();
    if (node == null) {
      return env;
    }
    for (Map.Entry<String, Node> entry : YamlNode.anyMapping(node, what + " env").entrySet()) {
      if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]{0,127}")
          || entry.getKey().startsWith("SLUICE_")) {
        throw new SpecException(
            YamlNode.line(entry.getValue()),
            what
                + " env name '"
                + Names.abbreviate(entry.getKey())
                + "' must be an environment name not starting with SLUICE_");
      }
      String value = YamlNode.scalarText(entry.getValue(), what + " env " + entry.getKey());
      Placeholders.check(value, YamlNode.line(entry.getValue()), params, inputs, outputs);
      env.put(entry.getKey(), value);
    }
    return env;
  }
}
