package io.sluice.gateway.serving;

import io.sluice.gateway.artifact.ArtifactStoreUnavailableException;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.inference.StaleVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Brings a replica's routing up to what {@code served_models} records: each recorded version that
 * this replica does not serve yet is downloaded, verified, loaded, warmed up and switched to. Used
 * at start-up for every model and after a {@code model.promoted} for one. A version that can never
 * be served is reported and skipped; an unreachable store is the caller's to retry.
 */
public final class ServingRecovery {

  private static final Logger LOG = Logger.getLogger(ServingRecovery.class);

  private final Preparer preparer;
  private final ModelRouter router;
  private final GatewayMetrics metrics;

  public ServingRecovery(Preparer preparer, ModelRouter router, GatewayMetrics metrics) {
    this.preparer = preparer;
    this.router = router;
    this.metrics = metrics;
  }

  /** What one recovery pass did. */
  public record Outcome(List<ModelVersion> loaded, List<String> refused) {}

  /**
   * Serves each recorded version that is newer than what this replica serves.
   *
   * @throws ArtifactStoreUnavailableException when the store cannot be reached (retry later)
   */
  public Outcome recover(List<ModelVersion> recorded) {
    List<ModelVersion> loaded = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (ModelVersion version : recorded) {
      Optional<Integer> serving = router.servingVersion(version.name());
      if (serving.isPresent() && serving.get() >= version.version()) {
        continue;
      }
      try {
        serve(preparer.prepare(version));
        loaded.add(version);
      } catch (UnusableArtifactException e) {
        refused.add(version + ": " + e.getMessage());
        metrics.artifactRefused(version.name(), e.reason());
        LOG.errorf("cannot serve recorded %s (%s): %s", version, e.reason(), e.getMessage());
      }
    }
    return new Outcome(loaded, refused);
  }

  private void serve(ServedModel model) {
    try {
      router.serve(model);
      LOG.infof("serving %s again", model.version());
    } catch (StaleVersionException e) {
      // A promotion overtook this pass; the newer version stays.
      model.retire();
    }
  }
}
