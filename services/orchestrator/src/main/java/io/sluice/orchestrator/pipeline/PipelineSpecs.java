package io.sluice.orchestrator.pipeline;

import io.sluice.orchestrator.spec.FanOutExpansion;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecException;
import io.sluice.orchestrator.spec.SpecParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed specs of registered versions, as runs execute them: fan-outs expanded into their instances
 * ({@link FanOutExpansion}). A version is immutable (it is its content's hash), so a parsed spec is
 * cached for good.
 */
@ApplicationScoped
public class PipelineSpecs {

  private final PipelineStore store = new PipelineStore();
  private final SpecParser parser = new SpecParser();
  private final Map<String, PipelineSpec> byVersion = new ConcurrentHashMap<>();

  /** The spec of a stored version. */
  public PipelineSpec spec(StoredPipeline pipeline) {
    return byVersion.computeIfAbsent(pipeline.version(), version -> parse(pipeline));
  }

  /** The spec of {@code name} at {@code version}, read on the caller's transaction. */
  public PipelineSpec spec(Connection connection, String name, String version) throws SQLException {
    PipelineSpec cached = byVersion.get(version);
    if (cached != null) {
      return cached;
    }
    StoredPipeline stored =
        store
            .find(connection, name, version)
            .orElseThrow(
                () -> new IllegalStateException("pipeline " + name + "@" + version + " is gone"));
    return spec(stored);
  }

  private PipelineSpec parse(StoredPipeline pipeline) {
    try {
      return FanOutExpansion.expand(parser.parse(pipeline.sourceYaml()));
    } catch (SpecException e) {
      throw new IllegalStateException(
          "stored pipeline " + pipeline.name() + " no longer parses: " + e.getMessage(), e);
    }
  }
}
