package io.sluice.registry.messaging;

import io.sluice.eventing.EventContext;
import io.sluice.eventing.UnusableEventException;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelPromoted;
import io.sluice.registry.ModelNames;
import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Moves the {@code champion} alias on {@code model.promoted}. A promotion of a version the registry
 * never registered, or of a different artifact than it registered, can never be applied: it is
 * dead-lettered rather than pointing the alias at something unknown.
 */
@ApplicationScoped
public class PromotionHandler {

  private static final Logger LOG = Logger.getLogger(PromotionHandler.class);

  private final VersionQueries versions;
  private final AliasStore aliases;

  PromotionHandler(VersionQueries versions, AliasStore aliases) {
    this.versions = versions;
    this.aliases = aliases;
  }

  public void onPromoted(EventEnvelope<ModelPromoted> event, EventContext context)
      throws SQLException, UnusableEventException {
    ModelPromoted promoted = event.data();
    String model = promoted.modelName();
    if (!ModelNames.isModelName(model)) {
      throw new UnusableEventException(
          "model name '" + ModelNames.shown(model) + "' is not a valid model name");
    }
    ModelVersion version =
        versions
            .version(context.connection(), model, promoted.version())
            .orElseThrow(() -> unknownVersion(promoted));
    if (!version.artifact().sha256().equals(promoted.artifact().sha256())) {
      throw new UnusableEventException(
          "promoted artifact of "
              + model
              + " version "
              + promoted.version()
              + " differs from the registered one");
    }
    boolean moved =
        aliases.move(context.connection(), model, AliasStore.CHAMPION, promoted.version());
    LOG.infof("champion of model=%s is version=%d (moved=%s)", model, promoted.version(), moved);
  }

  private static UnusableEventException unknownVersion(ModelPromoted promoted) {
    return new UnusableEventException(
        "model.promoted names "
            + promoted.modelName()
            + " version "
            + promoted.version()
            + ", which was never registered");
  }
}
