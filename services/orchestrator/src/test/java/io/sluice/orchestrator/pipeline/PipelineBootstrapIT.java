package io.sluice.orchestrator.pipeline;

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
 * Pipeline specs shipped in a folder (as the Helm chart mounts them from a ConfigMap) are
 * registered at start-up, idempotently, and a broken one stops the start-up naming its file.
 */
@QuarkusTest
@TestProfile(PipelineBootstrapIT.WithBootstrapFolder.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class PipelineBootstrapIT {

  /**
   * Unique per JVM so that reruns against one database cannot pass on old rows; kept in a system
   * property because the profile and the test instance live in different class loaders.
   */
  static final String SHIPPED = shippedName();

  @Inject PipelineRegistry registry;
  @Inject PipelineBootstrap bootstrap;
  @TempDir Path dir;

  @Test
  void theFolderSpecsWereRegisteredAtStartUpAndHiddenEntriesIgnored() {
    assertThat(registry.latest(SHIPPED)).isPresent();
    assertThat(registry.latest(SHIPPED + "-hidden")).isEmpty();
  }

  @Test
  void applyingTheSameFolderAgainCreatesNothing() {
    List<PipelineRegistry.Registration> again = bootstrap.registerAll(WithBootstrapFolder.folder());

    assertThat(again).hasSize(1);
    assertThat(again.get(0).created()).isFalse();
    assertThat(again.get(0).pipeline().name()).isEqualTo(SHIPPED);
  }

  @Test
  void theFolderVersionBecomesTheLatestAgainAfterAnApiChange() throws Exception {
    String name = "declared-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(dir.resolve("p.yaml"), spec(name, "img:1"));
    String declared = bootstrap.registerAll(dir).get(0).pipeline().version();
    registry.register(spec(name, "img:2"), "test-admin");

    bootstrap.registerAll(dir);

    assertThat(registry.latest(name).orElseThrow().version()).isEqualTo(declared);
  }

  @Test
  void anInvalidSpecIsRefusedWithItsFileAndLine() throws Exception {
    Files.writeString(dir.resolve("a-good.yaml"), spec("good-" + UUID.randomUUID(), "img:1"));
    Files.writeString(
        dir.resolve("b-broken.yml"),
        "name: broken\ntrigger: {dataset: d}\nsteps:\n  - name: s\n    image: i\n    command: []\n");

    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalid pipeline spec " + dir.resolve("b-broken.yml") + ":");
  }

  @Test
  void aShippedSpecWithAnImageOutsideTheAllowListStopsTheStartUp() throws Exception {
    String name = "outside-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(dir.resolve("outside.yaml"), spec(name, "registry.evil.example/miner:1"));

    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalid pipeline spec " + dir.resolve("outside.yaml") + ":5:")
        .hasMessageContaining("step 'split' image 'registry.evil.example/miner:1' is not allowed");
    assertThat(registry.latest(name)).isEmpty();
  }

  @Test
  void anOversizedFileAndAMissingFolderAreRefusedClearly() throws Exception {
    Files.writeString(dir.resolve("huge.yaml"), "#".repeat(300 * 1024));

    assertThatThrownBy(() -> bootstrap.registerAll(dir))
        .hasMessageContaining("huge.yaml has more than");
    assertThatThrownBy(() -> bootstrap.registerAll(dir.resolve("missing")))
        .hasMessageContaining("is not a folder");
  }

  private static synchronized String shippedName() {
    String name = System.getProperty("sluice.test.bootstrap-pipeline");
    if (name == null) {
      name = "shipped-" + UUID.randomUUID().toString().substring(0, 8);
      System.setProperty("sluice.test.bootstrap-pipeline", name);
    }
    return name;
  }

  static String spec(String name, String image) {
    return """
        name: %s
        trigger: {dataset: %s-data}
        steps:
          - name: split
            image: %s
            command: [split, "{{inputs.data}}", "{{outputs.train}}"]
            inputs: {data: dataset}
            outputs: [train]
        """
        .formatted(name, name, image);
  }

  /** Points the bootstrap at a folder laid out like a mounted ConfigMap. */
  public static final class WithBootstrapFolder implements QuarkusTestProfile {

    static Path folder() {
      return Path.of(System.getProperty("java.io.tmpdir"), "bootstrap-pipelines-" + SHIPPED);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      Path folder = folder();
      if (!Files.isDirectory(folder)) {
        layOut(folder);
      }
      return Map.of("sluice.orchestrator.bootstrap.pipelines-dir", folder.toString());
    }

    /** Quarkus asks for the overrides more than once: the folder is laid out the first time. */
    private static void layOut(Path folder) {
      try {
        Files.createDirectories(folder);
        Path timestamped = Files.createDirectories(folder.resolve("..2026_12_02_00_00_00.1"));
        Files.writeString(timestamped.resolve("shipped.yaml"), spec(SHIPPED, "img:1"));
        Files.writeString(timestamped.resolve("hidden.yaml"), spec(SHIPPED + "-hidden", "img:1"));
        Files.createSymbolicLink(folder.resolve("..data"), timestamped.getFileName());
        Files.createSymbolicLink(folder.resolve("shipped.yaml"), Path.of("..data", "shipped.yaml"));
        // A hidden file at the top is skipped like the ConfigMap's own entries.
        Files.writeString(folder.resolve(".hidden.yaml"), spec(SHIPPED + "-hidden", "img:1"));
        Files.writeString(folder.resolve("README.txt"), "not a spec");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
