package io.sluice.orchestrator.storage;

import io.sluice.events.StepLogKeys;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.storage.ObjectContent;
import io.sluice.storage.ObjectNotFoundException;
import io.sluice.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * The logs the launcher keeps in the artifacts bucket, one per finished attempt, at {@link
 * StepLogKeys}. Opened for streaming: the caller closes what it gets.
 */
@ApplicationScoped
public class StepLogObjects {

  private final StorageClient storage;
  private final String bucket;

  public StepLogObjects(StorageClient storage, OrchestratorConfig config) {
    this.storage = storage;
    this.bucket = config.artifactsBucket();
  }

  /**
   * The stored log of the attempt, empty when none is stored.
   *
   * @throws io.sluice.storage.StorageException when the store cannot be read
   */
  public Optional<ObjectContent> open(UUID runId, String stepName, int attempt) {
    try {
      return Optional.of(
          storage.open(bucket, StepLogKeys.of(runId.toString(), stepName, attempt, 0)));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }
}
