package io.sluice.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** charts/sluice rendered in the test JVM with helm-java: no helm binary, no cluster. */
final class HelmChart {

  static final String RELEASE = "sluice";
  static final String NAMESPACE = "mlops";

  /**
   * The Kubernetes version templates are rendered for: helm-java's template defaults to v1.20,
   * below the chart's kubeVersion.
   */
  static final String KUBE_VERSION = "1.31.0";

  /** The five services, by component name. */
  static final List<String> COMPONENTS =
      List.of("ingest", "orchestrator", "trainer-launcher", "registry", "serving-gateway");

  /** The chart as committed (the module's directory is the working directory of tests). */
  static final Path SOURCE = Path.of("sluice").toAbsolutePath();

  private static final Path WORK = Path.of("target", "chart-tests").toAbsolutePath();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
  private static Path underTest;

  private HelmChart() {}

  /**
   * The OIDC provider of test renders. The chart refuses to render without one while {@code
   * auth.enabled} is true (its default), so every render but {@link #chartDefaults()} names it.
   */
  static final String PROVIDER =
      """
      auth:
        issuer: https://sso.example.com/realms/sluice
        jwksUrl: https://sso.example.com/realms/sluice/protocol/openid-connect/certs
      """;

  /** A render with the chart's default values and {@link #PROVIDER}, plus whatever is added. */
  static Render render() {
    return new Render().values(PROVIDER);
  }

  /** A render with nothing but the chart's default values, plus whatever is added. */
  static Render chartDefaults() {
    return new Render();
  }

  /** The ci/*-values.yaml scenarios, by name (file name without -values.yaml). */
  static List<String> scenarios() {
    try (Stream<Path> files = Files.list(SOURCE.resolve("ci"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith("-values.yaml"))
          .map(n -> n.substring(0, n.length() - "-values.yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Helm object of the committed chart (for lint). */
  static Helm source() {
    return new Helm(SOURCE);
  }

  /**
   * The Helm object of a copy of the committed chart whose values.yaml is its defaults merged with
   * ci/{scenario}-values.yaml the way Helm merges values (maps key by key, anything else replaced):
   * what {@code helm lint -f ci/<scenario>-values.yaml} checks, for helm-java's lint takes no
   * values file.
   */
  static Helm sourceWith(String scenario) {
    Path copy = WORK.resolve("lint").resolve(scenario).resolve(SOURCE.getFileName());
    try {
      deleteRecursively(copy);
      copyTree(SOURCE, copy, false);
      JsonNode merged =
          merge(
              YAML.readTree(SOURCE.resolve("values.yaml").toFile()),
              YAML.readTree(SOURCE.resolve("ci").resolve(scenario + "-values.yaml").toFile()));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(copy);
  }

  private static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || !(override instanceof ObjectNode)) {
      return override;
    }
    override
        .fields()
        .forEachRemaining(
            e -> target.set(e.getKey(), merge(target.path(e.getKey()), e.getValue())));
    return target;
  }

  /**
   * The chart that is rendered: a copy whose test pod is not a hook. helm-java's template leaves
   * hooks out of its output (manusa/helm-java#416), and {@code helm test} pods are hooks; without
   * the annotation the pod is an ordinary manifest that the tests can read. Nothing else differs.
   */
  static synchronized Path chartUnderTest() {
    if (underTest == null) {
      Path copy = WORK.resolve("chart").resolve(SOURCE.getFileName());
      try {
        deleteRecursively(copy);
        copyTree(SOURCE, copy, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      underTest = copy;
    }
    return underTest;
  }

  private static void copyTree(Path source, Path copy, boolean unhookTests) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = copy.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (unhookTests
            && source.relativize(path).startsWith(Path.of("templates", "tests"))) {
          Files.writeString(target, withoutHookAnnotations(Files.readString(path)));
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private static String withoutHookAnnotations(String template) {
    return template
        .lines()
        .filter(line -> !line.strip().startsWith("helm.sh/hook"))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * A copy of the chart under test without values.schema.json, as {@code helm install
   * --skip-schema-validation} sees it: what the templates themselves refuse.
   */
  private static synchronized Path chartWithoutSchema() {
    Path copy = WORK.resolve("without-schema").resolve(SOURCE.getFileName());
    try {
      deleteRecursively(copy);
      copyTree(chartUnderTest(), copy, false);
      Files.delete(copy.resolve("values.schema.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** One {@code helm template}: values files in order, then --set pairs. */
  static final class Render {
    private final List<Path> valuesFiles = new ArrayList<>();
    private final List<String[]> sets = new ArrayList<>();
    private boolean withoutSchema;

    /** Renders the chart without its values schema (only for {@link #yaml()}). */
    Render withoutSchema() {
      withoutSchema = true;
      return this;
    }

    /** Adds ci/{name}-values.yaml. */
    Render scenario(String name) {
      valuesFiles.add(SOURCE.resolve("ci").resolve(name + "-values.yaml"));
      return this;
    }

    /** Adds a values file with this YAML. */
    Render values(String yaml) {
      try {
        Files.createDirectories(WORK.resolve("values"));
        String name = Integer.toHexString(yaml.hashCode()) + "-" + yaml.length() + ".yaml";
        Path file = WORK.resolve("values").resolve(name);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        valuesFiles.add(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** Adds {@code --set key=value}. */
    Render set(String key, String value) {
      sets.add(new String[] {key, value});
      return this;
    }

    /** The rendered YAML; helm's error (schema, fail) is thrown as IllegalStateException. */
    String yaml() {
      TemplateCommand template =
          new Helm(withoutSchema ? chartWithoutSchema() : chartUnderTest())
              .template()
              .withName(RELEASE)
              .withNamespace(NAMESPACE)
              .withKubeVersion(KUBE_VERSION);
      for (Path file : valuesFiles) {
        template = template.withValuesFile(file);
      }
      for (String[] set : sets) {
        template = template.set(set[0], set[1]);
      }
      return template.call();
    }

    /** NOTES.txt as {@code helm install --dry-run=client} prints it (template leaves it out). */
    String notes() {
      InstallCommand install =
          new Helm(chartUnderTest())
              .install()
              .withName(RELEASE)
              .withNamespace(NAMESPACE)
              .withKubeVersion(KUBE_VERSION)
              .clientOnly()
              .withDryRunOption(DryRun.CLIENT);
      for (Path file : valuesFiles) {
        install = install.withValuesFile(file);
      }
      for (String[] set : sets) {
        install = install.set(set[0], set[1]);
      }
      String output = install.call().getOutput();
      return output.substring(output.indexOf("NOTES:") + "NOTES:".length()).strip();
    }

    /** The rendered objects, each parsed strictly into its typed model (cached per input). */
    Manifests manifests() {
      String key =
          withoutSchema
              + valuesFiles.toString()
              + sets.stream().map(s -> s[0] + "=" + s[1]).collect(Collectors.joining(","));
      return RENDERED.computeIfAbsent(
          key, k -> new Manifests(StrictKubernetesYaml.parseAll(yaml())));
    }
  }
}
