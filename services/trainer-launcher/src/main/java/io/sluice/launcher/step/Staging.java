package io.sluice.launcher.step;

import io.sluice.events.FailureReason;
import io.sluice.events.FileDigest;
import io.sluice.events.FolderDigest;
import io.sluice.events.OutputTarget;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import io.sluice.launcher.storage.FolderFiles;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.launcher.storage.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Moves a step's folders between the object store and a local disk, the same way for every
 * executor: the local executor calls it in the launcher, the Kubernetes executor's stager calls it
 * inside the step's pod. So hashes, refusals and failure reasons cannot differ between the two.
 */
public final class Staging {

  private final ObjectStore store;
  private final StagingRetry retry;

  /** {@code retry}: how long a transfer is retried while the store is unavailable. */
  public Staging(ObjectStore store, StagingRetry retry) {
    this.store = store;
    this.retry = retry;
  }

  /**
   * Downloads an input folder into {@code target} and checks its folder digest against the request:
   * a store that is unavailable is retried (see {@link StagingRetry}); a download error that
   * remains is retryable {@code INPUT_MISSING}, a different content is not.
   */
  public void stageInput(StepInput input, Path target) throws StepFailure {
    List<FileDigest> files;
    try {
      S3Location source = S3Location.parse(input.uri());
      files =
          retry.run(
              "download of input '" + input.name() + "'",
              () -> {
                // A broken try leaves files that the next one replaces (same listing).
                Files.createDirectories(target);
                store.download(source, target);
                return FolderFiles.of(target);
              });
    } catch (IOException | IllegalArgumentException e) {
      throw new StepFailure(
          FailureReason.INPUT_MISSING, true, "input '" + input.name() + "': " + e.getMessage(), e);
    }
    String actual = FolderDigest.of(files);
    if (!actual.equals(input.sha256())) {
      throw new StepFailure(
          FailureReason.INPUT_MISSING,
          false,
          "input '"
              + input.name()
              + "' at "
              + input.uri()
              + " has sha256 "
              + actual
              + " ("
              + files.size()
              + " files), not "
              + input.sha256());
    }
  }

  /**
   * Uploads an output folder to its destination and describes it for {@code step.done}, with the
   * model signature when the folder holds a model package. Uploads are retried while the store is
   * unavailable (see {@link StagingRetry}); each try writes the same objects again.
   */
  public StepOutput uploadOutput(OutputTarget target, Path folder) throws StepFailure {
    try {
      S3Location destination = S3Location.parse(target.uri());
      List<FileDigest> files =
          retry.run(
              "upload of output '" + target.name() + "'", () -> store.upload(folder, destination));
      StepOutput output = StepOutput.of(target.name(), target.uri(), files);
      return ModelPackages.signatureOf(folder).map(output::withSignature).orElse(output);
    } catch (ModelPackages.InvalidSignatureException e) {
      throw new StepFailure(
          FailureReason.OUTPUT_UPLOAD_FAILED,
          false,
          "output '" + target.name() + "': " + e.getMessage(),
          e);
    } catch (IOException | IllegalArgumentException e) {
      throw new StepFailure(
          FailureReason.OUTPUT_UPLOAD_FAILED,
          true,
          "output '" + target.name() + "': " + e.getMessage(),
          e);
    }
  }
}
