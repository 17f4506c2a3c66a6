package io.sluice.orchestrator.pipeline;

import io.sluice.orchestrator.spec.PipelineSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Told of every registration (a new version, or an existing one registered again) in its
 * transaction, so that what a registration starts commits with it or not at all.
 */
public interface RegistrationListener {

  /**
   * @return the id of a run the registration started, if it started one
   */
  Optional<String> registered(Connection connection, StoredPipeline pipeline, PipelineSpec spec)
      throws SQLException;
}
