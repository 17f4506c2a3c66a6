package io.sluice.launcher.local;

import io.sluice.events.FailureReason;
import io.sluice.events.OutputTarget;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.local.SecretResolver.ResolvedSecrets;
import io.sluice.launcher.step.DatasetSchemaFile;
import io.sluice.launcher.step.LogTail;
import io.sluice.launcher.step.MetricsFile;
import io.sluice.launcher.step.Placeholders;
import io.sluice.launcher.step.Staging;
import io.sluice.launcher.step.StagingRetry;
import io.sluice.launcher.step.StepEnvironment;
import io.sluice.launcher.step.StepFailure;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One attempt run on this host: stage the inputs, run the command, upload the outputs, read the
 * metrics. {@link #cancel} may be called from any thread at any point.
 */
final class LocalAttempt {

  private static final Logger LOG = Logger.getLogger(LocalAttempt.class);

  private final StepRequested request;
  private final LocalSettings settings;
  private final Staging staging;
  private final SecretResolver secrets;
  private final StepLogStore logs;
  private final Clock clock;
  private volatile String cancelReason;
  private volatile StepProcess process;

  /** No GPU unless the executor gives the attempt some. */
  private volatile Map<String, String> deviceEnv = Map.of("CUDA_VISIBLE_DEVICES", "");

  private List<String> sensitive = List.of();

  LocalAttempt(
      StepRequested request,
      LocalSettings settings,
      ObjectStore store,
      SecretResolver secrets,
      StepLogStore logs,
      Clock clock) {
    this.request = request;
    this.logs = logs;
    this.settings = settings;
    // The platform's own transfers are retried up to the attempt's deadline, outside its retries.
    this.staging =
        new Staging(
            store,
            new StagingRetry(
                settings.stagingBackoff(), request.deadline(), () -> cancelReason != null, clock));
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Gives the attempt these GPUs (their {@code CUDA_VISIBLE_DEVICES}) before it runs. */
  void useGpus(String visibleDevices) {
    deviceEnv = Map.of("CUDA_VISIBLE_DEVICES", visibleDevices);
  }

  AttemptKey key() {
    return AttemptKey.of(request);
  }

  void cancel(String reason) {
    cancelReason = reason;
    StepProcess running = process;
    if (running != null) {
      running.kill();
    }
  }

  /**
   * Runs the attempt; {@code started} is told the moment before its command starts, {@code
   * processStarted} the process right after.
   */
  AttemptOutcome run(Consumer<Instant> started, Consumer<StepProcessId> processStarted) {
    AttemptFolder folder = null;
    try {
      folder = AttemptFolder.create(settings.workDir(), key());
      return runIn(folder, started, processStarted);
    } catch (StepFailure failure) {
      return failed(failure.reason(), failure.retryable(), failure.getMessage(), null, folder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(FailureReason.EXECUTOR_LOST, true, "the launcher stopped", null, folder);
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "%s failed inside the launcher", key());
      return failed(FailureReason.INTERNAL, true, "launcher error: " + e, null, folder);
    } finally {
      removeSecrets(folder);
      keepLog(folder);
      cleanUp(folder);
    }
  }

  private AttemptOutcome runIn(
      AttemptFolder folder, Consumer<Instant> started, Consumer<StepProcessId> processStarted)
      throws StepFailure, IOException, InterruptedException {
    timeLeft(); // fail fast when the deadline passed while the request waited
    // Before any download: a missing secret is the cheapest failure to find.
    ResolvedSecrets resolved = secrets.resolve(request.secretRefs());
    Map<String, Path> inputs = stageInputs(folder);
    Map<String, Path> outputs = createOutputs(folder);
    List<String> argv = new Placeholders(inputs, outputs).substitute(request.argv());
    StepEnvironment env = environment(folder, inputs, outputs, resolved);
    // Every secret value is masked, whatever the name of the variable or file that holds it.
    sensitive = distinct(env.sensitiveValues(), resolved.values());
    checkNotCancelled();
    Duration timeout = timeLeft();
    started.accept(clock.instant());
    process =
        StepProcess.start(
            argv,
            env.toMap(),
            settings.workingDir(),
            folder.logFile(),
            settings.maxLogBytes(),
            sensitive);
    if (cancelReason != null) {
      process.kill(); // cancelled between the check and the start
    }
    process.id().ifPresent(processStarted);
    StepProcess.End end = process.await(timeout);
    return switch (end) {
      case KILLED -> failed(FailureReason.CANCELLED, false, cancelMessage(), null, folder);
      case TIMED_OUT ->
          failed(
              FailureReason.DEADLINE_EXCEEDED,
              retryable(),
              "stopped after " + timeout.toSeconds() + " s: the step's timeout or deadline passed",
              null,
              folder);
      case EXITED -> finish(folder, outputs, process.exitCode());
    };
  }

  private Duration timeLeft() throws StepFailure {
    Duration toDeadline = Duration.between(clock.instant(), request.deadline());
    Duration timeout = Duration.ofSeconds(request.timeoutSeconds());
    Duration left = toDeadline.compareTo(timeout) < 0 ? toDeadline : timeout;
    if (left.isNegative() || left.isZero()) {
      throw new StepFailure(
          FailureReason.DEADLINE_EXCEEDED, false, "deadline " + request.deadline() + " has passed");
    }
    return left;
  }

  private Map<String, Path> stageInputs(AttemptFolder folder) throws StepFailure {
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (StepInput input : request.inputs()) {
      checkNotCancelled();
      Path target = folder.input(input.name());
      staging.stageInput(input, target);
      inputs.put(input.name(), target);
    }
    return inputs;
  }

  private Map<String, Path> createOutputs(AttemptFolder folder) throws IOException {
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (OutputTarget output : request.outputs()) {
      Path path = Files.createDirectories(folder.output(output.name()));
      outputs.put(output.name(), path);
    }
    return outputs;
  }

  private StepEnvironment environment(
      AttemptFolder folder,
      Map<String, Path> inputs,
      Map<String, Path> outputs,
      ResolvedSecrets resolved)
      throws IOException {
    StepEnvironment env = StepEnvironment.inheriting(System.getenv()).with(request.env());
    inputs.forEach(env::input);
    outputs.forEach(env::output);
    if (!resolved.files().isEmpty()) {
      SecretFiles.write(folder.secretsDir(), resolved.files());
      env.secretsDir(folder.secretsDir());
    }
    if (request.datasetSchema() != null) {
      env.datasetSchema(
          DatasetSchemaFile.write(folder.datasetSchemaFile(), request.datasetSchema()));
    }
    // The devices come after the request's env: a step cannot pick GPUs it was not given.
    return env.metricsFile(folder.metricsFile()).with(deviceEnv).with(resolved.env());
  }

  private static List<String> distinct(List<String> some, List<String> more) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(some);
    all.addAll(more);
    return List.copyOf(all);
  }

  private AttemptOutcome finish(AttemptFolder folder, Map<String, Path> outputs, int exitCode)
      throws StepFailure {
    if (exitCode != 0) {
      return failed(
          FailureReason.NONZERO_EXIT, retryable(), "exit code " + exitCode, exitCode, folder);
    }
    Map<String, Double> metrics = MetricsFile.read(folder.metricsFile());
    List<StepOutput> uploaded = new ArrayList<>();
    for (OutputTarget target : request.outputs()) {
      uploaded.add(staging.uploadOutput(target, outputs.get(target.name())));
    }
    return new AttemptOutcome.Succeeded(uploaded, metrics, exitCode, clock.instant());
  }

  private void checkNotCancelled() throws StepFailure {
    if (cancelReason != null) {
      throw new StepFailure(FailureReason.CANCELLED, false, cancelMessage());
    }
  }

  private String cancelMessage() {
    return "cancelled: " + cancelReason;
  }

  private boolean retryable() {
    return request.retryPolicy().allowsAnotherAfter(request.attempt());
  }

  private AttemptOutcome failed(
      FailureReason reason,
      boolean retryable,
      String message,
      Integer exitCode,
      AttemptFolder folder) {
    return new AttemptOutcome.Failed(
        reason, message, retryable, exitCode, logTail(folder), clock.instant());
  }

  private String logTail(AttemptFolder folder) {
    if (folder == null) {
      return "";
    }
    try {
      return new LogTail(settings.logTailBytes(), sensitive).of(folder.logFile());
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * The log goes to the artifact store before the outcome is reported, so whoever sees the step end
   * can read it; it is already bounded and masked by {@link LogCapture}.
   */
  private void keepLog(AttemptFolder folder) {
    if (folder != null) {
      logs.keep(request, folder.logFile());
    }
  }

  /** Secret files never outlive the attempt, even in a folder kept for debugging. */
  private void removeSecrets(AttemptFolder folder) {
    if (folder == null) {
      return;
    }
    try {
      SecretFiles.remove(folder.secretsDir());
    } catch (IOException e) {
      LOG.errorf("%s: secret files in %s not removed: %s", key(), folder.secretsDir(), e);
    }
  }

  private void cleanUp(AttemptFolder folder) {
    if (folder == null || settings.keepWorkDirs()) {
      return;
    }
    try {
      folder.delete();
    } catch (IOException e) {
      LOG.warnf("%s: attempt folder %s not deleted: %s", key(), folder.root(), e.getMessage());
    }
  }
}
