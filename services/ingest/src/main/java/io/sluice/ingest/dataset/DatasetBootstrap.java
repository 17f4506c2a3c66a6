package io.sluice.ingest.dataset;

import io.quarkus.runtime.StartupEvent;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.store.BucketNotificationWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Registers the dataset definitions of a folder at start-up, so that datasets can ship with the
 * deployment (the Helm chart mounts them from its values). The same definition again changes
 * nothing; a definition that differs from the registered one of that name, or that is not valid,
 * stops the start-up naming its file, since a deployment must not run with a dataset other than the
 * one it declares.
 */
@ApplicationScoped
public class DatasetBootstrap {

  private static final Logger LOG = Logger.getLogger(DatasetBootstrap.class);

  /** Far above any real definition (a thousand columns fit in ~100 KiB). */
  static final long MAX_FILE_BYTES = 1024 * 1024;

  private final DatasetRegistry registry;
  private final IngestConfig config;
  private final BucketNotificationWatcher notifications;

  public DatasetBootstrap(
      DatasetRegistry registry, IngestConfig config, BucketNotificationWatcher notifications) {
    this.registry = registry;
    this.config = config;
    this.notifications = notifications;
  }

  void onStart(@Observes StartupEvent startup) {
    config.bootstrapDatasetsDir().ifPresent(this::registerAll);
  }

  /**
   * Registers every {@code *.json} file of {@code dir} in name order.
   *
   * @throws IllegalStateException naming the file that cannot be read, parsed or registered
   */
  public List<DatasetRegistry.Registration> registerAll(Path dir) {
    List<DatasetRegistry.Registration> registrations = new ArrayList<>();
    for (Path file : definitionFiles(dir)) {
      DatasetRegistry.Registration registration = register(file);
      // As for a dataset registered over REST: its bucket is wired now, not at the next retry.
      notifications.watch(registration.definition().bucket());
      LOG.infof(
          "dataset %s from %s: %s",
          registration.definition().name(),
          file.getFileName(),
          registration.created() ? "registered" : "already registered");
      registrations.add(registration);
    }
    return registrations;
  }

  private DatasetRegistry.Registration register(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IllegalStateException(
            "dataset definition " + file + " has more than " + MAX_FILE_BYTES + " bytes");
      }
      return registry.register(DefinitionParser.parse(Files.readAllBytes(file)));
    } catch (InvalidDefinitionException e) {
      throw new IllegalStateException(
          "invalid dataset definition " + file + ": " + e.getMessage(), e);
    } catch (DatasetRegistry.ConflictException e) {
      throw new IllegalStateException(
          "dataset definition " + file + " conflicts with the registered one: " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read dataset definition " + file + ": " + e, e);
    }
  }

  /** Visible {@code *.json} files; a mounted ConfigMap's {@code ..data} links are skipped. */
  private static List<Path> definitionFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "sluice.ingest.bootstrap.datasets-dir " + dir + " is not a folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(
              path -> {
                String name = path.getFileName().toString();
                return !name.startsWith(".") && name.endsWith(".json");
              })
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e, e);
    }
  }
}
