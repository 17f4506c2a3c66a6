package io.sluice.orchestrator.pipeline;

import io.quarkus.runtime.StartupEvent;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.orchestrator.spec.SpecException;
import io.sluice.orchestrator.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Registers the pipeline specs of a folder at start-up, so that pipelines can ship with the
 * deployment (the Helm chart mounts them from its values). Registering is idempotent by content; a
 * spec that an API call replaced in the meantime becomes the latest again, because the folder is
 * the declared state. A spec that is not valid stops the start-up with its file and line: a
 * deployment that silently drops a pipeline is worse than one that does not start.
 */
@ApplicationScoped
public class PipelineBootstrap {

  /** Who registers bootstrap specs, in the pipeline versions' records. */
  public static final String SUBJECT = "system:bootstrap";

  private static final Logger LOG = Logger.getLogger(PipelineBootstrap.class);

  private final PipelineRegistry registry;
  private final OrchestratorConfig config;

  public PipelineBootstrap(PipelineRegistry registry, OrchestratorConfig config) {
    this.registry = registry;
    this.config = config;
  }

  void onStart(@Observes StartupEvent startup) {
    config.bootstrapPipelinesDir().ifPresent(this::registerAll);
  }

  /**
   * Registers every spec file of {@code dir} in name order.
   *
   * @return what each registration did, in that order
   * @throws IllegalStateException naming the file (and line) that cannot be read or registered
   */
  public List<PipelineRegistry.Registration> registerAll(Path dir) {
    List<PipelineRegistry.Registration> registrations = new ArrayList<>();
    for (Path file : specFiles(dir)) {
      PipelineRegistry.Registration registration = register(file);
      StoredPipeline pipeline = registration.pipeline();
      LOG.infof(
          "pipeline %s from %s: version %s %s",
          pipeline.name(),
          file.getFileName(),
          pipeline.version().substring(0, 12),
          registration.created() ? "registered" : "already registered");
      registrations.add(registration);
    }
    return registrations;
  }

  private PipelineRegistry.Registration register(Path file) {
    try {
      if (Files.size(file) > SpecParser.MAX_CHARS) {
        throw new IllegalStateException(
            "pipeline spec " + file + " has more than " + SpecParser.MAX_CHARS + " bytes");
      }
      return registry.register(Files.readString(file, StandardCharsets.UTF_8), SUBJECT);
    } catch (SpecException e) {
      String where = e.line() > 0 ? file + ":" + e.line() : file.toString();
      throw new IllegalStateException("invalid pipeline spec " + where + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read pipeline spec " + file + ": " + e, e);
    }
  }

  /**
   * The {@code *.yaml} and {@code *.yml} files of the folder, without hidden entries: a mounted
   * ConfigMap also holds {@code ..data} and timestamped folders that point at the same files.
   */
  static List<Path> specFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "sluice.orchestrator.bootstrap.pipelines-dir " + dir + " is not a folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .filter(path -> path.getFileName().toString().matches(".+\\.ya?ml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
