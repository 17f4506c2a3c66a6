package io.sluice.cli.infra;

import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the built jars that local mode runs live in the repository, and whether they exist. */
public final class Artifacts {

  private final Settings settings;

  public Artifacts(Settings settings) {
    this.settings = settings;
  }

  /** The CLI's runtime libraries, which include the Kafka broker. */
  public Path cliLib() {
    return settings.repoRoot().resolve("tools/cli/target/lib");
  }

  public Path testkitJar() {
    return settings
        .repoRoot()
        .resolve("libs/testkit/target/sluice-testkit-" + settings.version() + ".jar");
  }

  public Path testkitLib() {
    return settings.repoRoot().resolve("libs/testkit/target/lib");
  }

  public Path serviceJar(String service) {
    return settings
        .repoRoot()
        .resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
  }

  /** The class path of the testkit's local-mode servers. */
  public String testkitClassPath() {
    return testkitJar() + ":" + testkitLib() + "/*";
  }

  /** A human-readable line per missing artifact; empty when everything needed is built. */
  public List<String> missing(boolean withServices) {
    List<String> missing = new ArrayList<>();
    if (!hasJars(cliLib(), "kafka_2.13-")) {
      missing.add("the Kafka broker jars in " + relative(cliLib()));
    }
    if (!Files.isRegularFile(testkitJar())) {
      missing.add(relative(testkitJar()));
    }
    if (!hasJars(testkitLib(), "")) {
      missing.add("the testkit's runtime jars in " + relative(testkitLib()));
    }
    if (withServices) {
      Components.SERVICES.forEach(service -> missingService(service).ifPresent(missing::add));
    }
    return missing;
  }

  /** The line {@link #missing} gives for the jar of {@code service}; empty when it is built. */
  public Optional<String> missingService(String service) {
    Path jar = serviceJar(service);
    return Files.isRegularFile(jar) ? Optional.empty() : Optional.of(relative(jar));
  }

  private String relative(Path path) {
    return settings.repoRoot().relativize(path).toString();
  }

  private static boolean hasJars(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .anyMatch(name -> name.startsWith(prefix) && name.endsWith(".jar"));
    } catch (IOException e) {
      return false;
    }
  }
}
