package io.sluice.launcher.kubernetes;

import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.stager.StepResult;
import io.sluice.launcher.step.StepFailure;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.launcher.storage.S3Location;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Reads the result stage-out left in the object store, for {@code step.done}. */
public final class StepResults {

  /** A result lists every output file with its hash; far below this even for big folders. */
  static final int MAX_BYTES = 32 * 1024 * 1024;

  private final ObjectStore store;

  public StepResults(ObjectStore store) {
    this.store = store;
  }

  /** The attempt's success as stage-out recorded it; empty when there is no result. */
  public Optional<AttemptOutcome.Succeeded> read(String resultUri, Instant now) throws StepFailure {
    try {
      Optional<byte[]> content = store.get(S3Location.parse(resultUri), MAX_BYTES);
      if (content.isEmpty()) {
        return Optional.empty();
      }
      StepResult result = Json.mapper().readValue(content.get(), StepResult.class);
      return Optional.of(
          new AttemptOutcome.Succeeded(result.outputs(), result.metrics(), result.exitCode(), now));
    } catch (IOException | RuntimeException e) {
      throw new StepFailure(
          FailureReason.OUTPUT_UPLOAD_FAILED,
          true,
          "the result at " + resultUri + " cannot be read: " + e.getMessage(),
          e);
    }
  }
}
