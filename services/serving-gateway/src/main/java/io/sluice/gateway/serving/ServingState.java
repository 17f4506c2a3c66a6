package io.sluice.gateway.serving;

import io.sluice.eventing.Transactor;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * This replica's view of {@code served_models}: recovers it at start-up (readiness waits for that)
 * and follows promotions made by any replica.
 */
@ApplicationScoped
public class ServingState {

  private static final Logger LOG = Logger.getLogger(ServingState.class);

  private final Transactor transactor;
  private final ServedModelsTable table;
  private final ServingRecovery recovery;
  private final AtomicBoolean recovered = new AtomicBoolean();

  public ServingState(
      Transactor transactor,
      ServedModelsTable table,
      ModelPreparer preparer,
      ModelRouter router,
      GatewayMetrics metrics) {
    this.transactor = transactor;
    this.table = table;
    this.recovery = new ServingRecovery(preparer, router, metrics);
  }

  /** Serves every recorded version again; throws when the database or store is unreachable. */
  public void recoverAll() {
    List<ModelVersion> recorded =
        transactor.inTransaction(
            connection -> table.all(connection).stream().map(ServingRecord::version).toList());
    report(recovery.recover(recorded));
    recovered.set(true);
  }

  /** Follows a promotion of one model (made by this or another replica). */
  public void follow(String modelName) {
    List<ModelVersion> recorded =
        transactor.inTransaction(
            connection ->
                table.find(connection, modelName).map(ServingRecord::version).stream().toList());
    report(recovery.recover(recorded));
  }

  /** True once the start-up recovery finished. */
  public boolean isRecovered() {
    return recovered.get();
  }

  private void report(ServingRecovery.Outcome outcome) {
    if (!outcome.loaded().isEmpty()) {
      LOG.infof("now serving %s", outcome.loaded());
    }
  }
}
