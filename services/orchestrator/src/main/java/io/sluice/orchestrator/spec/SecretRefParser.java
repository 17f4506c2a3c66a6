package io.sluice.orchestrator.spec;

import io.sluice.events.SecretRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a step's {@code secretRefs: [{secret, key, env | file}]}: the secrets the executor gives
 * the step, by reference. Names follow Kubernetes' rules, so a spec that passes here names Secrets
 * a cluster can hold, and a file can never land outside the step's secrets folder.
 */
final class SecretRefParser {

  static final int MAX_REFS = 32;

  private static final Set<String> KEYS = Set.of("secret", "key", "env", "file");

  /** A Kubernetes Secret name: a DNS subdomain (RFC 1123), at most 253 characters. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A key of a Secret's data, at most 253 characters. */
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final int MAX_NAME = 253;

  private SecretRefParser() {}

  /**
   * The references at {@code node} (absent: none); {@code stepEnv} are the step's own variable
   * names, which a secret may not shadow.
   */
  static List<SecretRef> parse(Node node, String owner, Set<String> stepEnv) throws SpecException {
    List<SecretRef> refs = new ArrayList<>();
    if (node == null) {
      return refs;
    }
    String what = owner + " secretRefs";
    List<Node> items = YamlNode.sequence(node, what);
    if (items.size() > MAX_REFS) {
      throw new SpecException(
          YamlNode.line(node), what + " has " + items.size() + " entries, at most " + MAX_REFS);
    }
    Set<String> targets = new HashSet<>(stepEnv);
    for (Node item : items) {
      SecretRef ref = ref(item, what);
      // Files get a '/' prefix, which no variable name has: both live in one set.
      String target = ref.envVar() != null ? ref.envVar() : "/" + ref.file();
      if (!targets.add(target)) {
        String shown = ref.envVar() != null ? "env '" + ref.envVar() : "file '" + ref.file();
        throw new SpecException(
            YamlNode.line(item),
            what + " " + shown + "' is set twice (by env or secretRefs): each name only once");
      }
      refs.add(ref);
    }
    return refs;
  }

  private static SecretRef ref(Node node, String what) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(node, "an entry of " + what, KEYS);
    String secret =
        name(YamlNode.required(entries, "secret", node, "an entry of " + what), what, "secret");
    if (!SECRET_NAME.matcher(secret).matches()) {
      throw refused(
          entries.get("secret"),
          what + " secret",
          secret,
          "a Kubernetes Secret name (lower-case letters, digits, '-' and '.', like db-creds)");
    }
    Node keyNode = YamlNode.required(entries, "key", node, "an entry of " + what);
    String key = name(keyNode, what, "key");
    if (!SECRET_KEY.matcher(key).matches() || key.startsWith("..") || key.equals(".")) {
      throw refused(keyNode, what + " key", key, "a Secret key (letters, digits, '-', '_', '.')");
    }
    return target(node, entries, secret, key, what);
  }

  private static SecretRef target(
      Node node, Map<String, Node> entries, String secret, String key, String what)
      throws SpecException {
    Node env = entries.get("env");
    Node file = entries.get("file");
    if ((env == null) == (file == null)) {
      throw new SpecException(
          YamlNode.line(node),
          what + " entry for secret '" + secret + "' needs exactly one of 'env' and 'file'");
    }
    if (env != null) {
      String name = YamlNode.text(env, what + " env");
      if (!ENV_NAME.matcher(name).matches() || name.startsWith("SLUICE_")) {
        throw refused(env, what + " env", name, "an environment name not starting with SLUICE_");
      }
      return new SecretRef(secret, key, name);
    }
    String name = name(file, what, "file");
    if (!SecretRef.isFileName(name)) {
      throw refused(
          file,
          what + " file",
          name,
          "a plain file name (letters, digits, '-', '_', '.'; no '/', not starting with '..')");
    }
    return SecretRef.asFile(secret, key, name);
  }

  private static String name(Node node, String what, String field) throws SpecException {
    String text = YamlNode.text(node, what + " " + field);
    if (text.length() > MAX_NAME) {
      throw new SpecException(
          YamlNode.line(node), what + " " + field + " is longer than " + MAX_NAME + " characters");
    }
    return text;
  }

  private static SpecException refused(Node node, String what, String value, String expected) {
    return new SpecException(
        YamlNode.line(node), what + " '" + Names.abbreviate(value) + "' must be " + expected);
  }
}
