package io.sluice.launcher.stager;

import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import io.sluice.events.OutputTarget;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import io.sluice.launcher.step.DatasetSchemaFile;
import io.sluice.launcher.step.MetricsFile;
import io.sluice.launcher.step.Staging;
import io.sluice.launcher.step.StagingLayout;
import io.sluice.launcher.step.StagingRetry;
import io.sluice.launcher.step.StepFailure;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.launcher.storage.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's side of a step pod. {@link #stageIn} (init container) downloads and verifies the
 * inputs and prepares the shared folder; {@link #stageOut} (beside the step) waits for the step's
 * exit code and, only when it is 0, uploads the outputs and writes the {@link StepResult}. A
 * failure is written as a {@link StagerReport} to the termination message and ends the container
 * with exit code 1. Uses the same {@link Staging} as the local executor.
 */
public final class Stager {

  /** How often stage-out looks for the exit code file (a local file, not the API server). */
  private static final Duration EXIT_CODE_CHECK = Duration.ofMillis(200);

  private final ObjectStore store;
  private final Staging staging;
  private final StagingLayout layout;
  private final Path terminationLog;

  public Stager(ObjectStore store, StagingLayout layout, Path terminationLog) {
    this.store = store;
    this.staging = new Staging(store, StagingRetry.untilKilled());
    this.layout = layout;
    this.terminationLog = terminationLog;
  }

  /** Downloads the inputs and creates the output and status folders; returns the exit code. */
  public int stageIn(StagingPlan plan) {
    try {
      for (StepInput input : plan.inputs()) {
        staging.stageInput(input, layout.input(input.name()));
      }
      for (OutputTarget output : plan.outputs()) {
        writableByAnyone(Files.createDirectories(layout.output(output.name())));
      }
      if (plan.datasetSchema() != null) {
        DatasetSchemaFile.write(layout.datasetSchemaFile(), plan.datasetSchema());
      }
      writableByAnyone(Files.createDirectories(layout.exitCodeFile().getParent()));
      writableByAnyone(layout.root()); // the step's user writes the metrics file here
      return 0;
    } catch (StepFailure failure) {
      return fail(new StagerReport(failure.reason(), failure.retryable(), failure.getMessage()));
    } catch (IOException e) {
      return fail(new StagerReport(FailureReason.INTERNAL, true, "stage-in: " + e.getMessage()));
    }
  }

  /**
   * Waits up to {@code maxWait} for the step's exit code; uploads only after exit 0. Returns the
   * container's exit code: 0 when the step failed (nothing to do: the step container says why).
   */
  public int stageOut(StagingPlan plan, Duration maxWait) throws InterruptedException {
    Integer exitCode = awaitExitCode(maxWait);
    if (exitCode == null) {
      return fail(
          new StagerReport(
              FailureReason.EXECUTOR_LOST, true, "the step's exit code never appeared"));
    }
    if (exitCode != 0) {
      return 0;
    }
    try {
      Map<String, Double> metrics = MetricsFile.read(layout.metricsFile());
      List<StepOutput> outputs = new ArrayList<>();
      for (OutputTarget target : plan.outputs()) {
        outputs.add(staging.uploadOutput(target, layout.output(target.name())));
      }
      byte[] result = Json.mapper().writeValueAsBytes(new StepResult(outputs, metrics, 0));
      store.put(S3Location.parse(plan.resultUri()), result);
      return 0;
    } catch (StepFailure failure) {
      return fail(new StagerReport(failure.reason(), failure.retryable(), failure.getMessage()));
    } catch (IOException e) {
      return fail(
          new StagerReport(
              FailureReason.OUTPUT_UPLOAD_FAILED, true, "stage-out: " + e.getMessage()));
    }
  }

  private Integer awaitExitCode(Duration maxWait) throws InterruptedException {
    long giveUpAt = System.nanoTime() + maxWait.toNanos();
    Path file = layout.exitCodeFile();
    while (System.nanoTime() < giveUpAt) {
      if (Files.exists(file)) {
        try {
          return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
          return -1; // unreadable counts as a failed step: never upload on doubt
        }
      }
      Thread.sleep(EXIT_CODE_CHECK.toMillis());
    }
    return null;
  }

  private int fail(StagerReport report) {
    try {
      Files.writeString(terminationLog, report.toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("termination message not written: " + e.getMessage());
    }
    System.err.println(report.reason() + ": " + report.message());
    return 1;
  }

  /** The step may run as any user: it must be able to write its outputs and exit code here. */
  private static void writableByAnyone(Path folder) throws IOException {
    try {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (never the case in a pod): nothing to widen
    }
  }
}
