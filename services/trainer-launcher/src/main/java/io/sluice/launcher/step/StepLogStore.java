package io.sluice.launcher.step;

import io.sluice.events.S3Uri;
import io.sluice.events.StepLogKeys;
import io.sluice.events.StepRequested;
import io.sluice.launcher.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Keeps a finished attempt's log in the artifact store, at {@link StepLogKeys} (beside its
 * outputs), where the orchestrator serves it. The log comes already bounded and masked. Keeping it
 * is a courtesy to whoever reads it later, never part of the step: a failure is logged and counted,
 * not thrown, so it cannot turn a successful step into a failed one.
 */
public final class StepLogStore {

  private static final Logger LOG = Logger.getLogger(StepLogStore.class);

  private final ObjectStore store;
  private final String bucket;
  private final LongAdder stored = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private StepLogStore(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  /** Keeps logs in {@code bucket} (the orchestrator's artifacts bucket). */
  public static StepLogStore in(ObjectStore store, String bucket) {
    return new StepLogStore(store, bucket);
  }

  /** Keeps nothing: logs go with the attempt. */
  public static StepLogStore disabled() {
    return new StepLogStore(null, null);
  }

  /** Where the log of this attempt goes, or null when logs are not kept. */
  public String uriOf(StepRequested request) {
    return store == null ? null : S3Uri.of(bucket, keyOf(request));
  }

  /** Uploads the attempt's log file; a missing file (the command never started) is skipped. */
  public void keep(StepRequested request, Path logFile) {
    if (store == null || !Files.isRegularFile(logFile)) {
      return;
    }
    try {
      store.uploadFile(bucket, keyOf(request), logFile);
      stored.increment();
    } catch (IOException | RuntimeException e) {
      failed.increment();
      LOG.warnf(
          "%s/%s attempt %d: its log was not kept at %s (the step's outcome stands): %s",
          request.runId(), request.stepName(), request.attempt(), uriOf(request), e.getMessage());
    }
  }

  /** Logs kept since start. */
  public long storedCount() {
    return stored.sum();
  }

  /** Logs that could not be kept since start. */
  public long failedCount() {
    return failed.sum();
  }

  private static String keyOf(StepRequested request) {
    return StepLogKeys.of(
        request.runId(), request.stepName(), request.attempt(), request.shardIndex());
  }
}
