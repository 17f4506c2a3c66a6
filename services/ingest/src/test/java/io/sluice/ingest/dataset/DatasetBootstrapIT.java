package io.sluice.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testkit.SluiceInfraResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset definitions shipped in a folder (as the Helm chart mounts them from a ConfigMap) are
 * registered at start-up, idempotently; a broken or conflicting one stops the start-up naming its
 * file.
 */
@QuarkusTest
@TestProfile(DatasetBootstrapIT.WithBootstrapFolder.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DatasetBootstrapIT {

  /**
   * Unique per JVM so that a rerun against one database cannot pass on old rows; kept in a system
   * property because the profile and the test instance live in different class loaders.
   */
  static final String SHIPPED = shippedName();

  @Inject DatasetRegistry registry;
  @Inject DatasetBootstrap bootstrap;
  @TempDir Path dir;

  @Test
  void theFolderDefinitionsWereRegisteredAtStartUpAndHiddenEntriesIgnored() {
    List<String> names = registry.all().stream().map(DatasetDefinition::name).toList();

    assertThat(names).contains(SHIPPED).doesNotContain(SHIPPED + "-hidden");
  }

  @Test
  void applyingTheSameFolderAgainCreatesNothing() {
    List<DatasetRegistry.Registration> again = bootstrap.registerAll(WithBootstrapFolder.folder());

    assertThat(again).singleElement().satisfies(r -> assertThat(r.created()).isFalse());
  }

  @Test
  void aDefinitionThatDiffersFromTheRegisteredOneStopsStartUpNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("changed.json"), definition(SHIPPED, "other-prefix/"));

    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataset definition " + dir.resolve("changed.json"))
        .hasMessageContaining("conflicts with the registered one");
  }

  @Test
  void malformedOversizedAndMissingAreRefusedClearly() throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\", ");
    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .hasMessageContaining("invalid dataset definition " + dir.resolve("broken.json"));

    Files.delete(dir.resolve("broken.json"));
    Files.writeString(dir.resolve("huge.json"), " ".repeat(1024 * 1024 + 1));
    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .hasMessageContaining("huge.json has more than");

    assertThatThrownBy(() -> bootstrap.registerAll(dir.resolve("missing")))
        .hasMessageContaining("is not a folder");
  }

  private static synchronized String shippedName() {
    String name = System.getProperty("sluice.test.bootstrap-dataset");
    if (name == null) {
      name = "shipped-" + UUID.randomUUID().toString().substring(0, 8);
      System.setProperty("sluice.test.bootstrap-dataset", name);
    }
    return name;
  }

  static String definition(String name, String prefix) {
    return """
        {"name": "%s", "bucket": "datasets", "prefix": "%s",
         "completion": {"rule": "SUCCESS_MARKER"},
         "schema": {"columns": [{"name": "x", "type": "NUMBER"}, {"name": "y", "type": "STRING"}],
                    "labelColumn": "y"}}
        """
        .formatted(name, prefix);
  }

  /** Points the bootstrap at a folder laid out like a mounted ConfigMap. */
  public static final class WithBootstrapFolder implements QuarkusTestProfile {

    static Path folder() {
      return Path.of(System.getProperty("java.io.tmpdir"), "bootstrap-datasets-" + SHIPPED);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      Path folder = folder();
      if (!Files.isDirectory(folder)) {
        layOut(folder);
      }
      return Map.of("sluice.ingest.bootstrap.datasets-dir", folder.toString());
    }

    /** Quarkus asks for the overrides more than once: the folder is laid out the first time. */
    private static void layOut(Path folder) {
      try {
        Files.createDirectories(folder);
        Path timestamped = Files.createDirectories(folder.resolve("..2026_12_02_00_00_00.1"));
        Files.writeString(timestamped.resolve("shipped.json"), definition(SHIPPED, SHIPPED + "/"));
        Files.writeString(
            timestamped.resolve("hidden.json"), definition(SHIPPED + "-hidden", "hidden/"));
        Files.createSymbolicLink(folder.resolve("..data"), timestamped.getFileName());
        Files.createSymbolicLink(folder.resolve("shipped.json"), Path.of("..data", "shipped.json"));
        // A hidden file at the top is skipped like the ConfigMap's own entries.
        Files.writeString(folder.resolve(".hidden.json"), definition(SHIPPED + "-hidden", "dot/"));
        Files.writeString(folder.resolve("README.txt"), "not a definition");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
