package io.sluice.launcher.local;

import io.sluice.launcher.step.StagingRetry;
import java.nio.file.Path;

/**
 * What every local attempt shares.
 *
 * @param workDir parent of the attempt folders
 * @param workingDir the commands' working directory
 * @param keepWorkDirs whether attempt folders stay after the attempt
 * @param logTailBytes the most log bytes a failure carries
 * @param maxLogBytes the most bytes of a step's output its log file keeps in full
 * @param stagingBackoff the pauses between tries of a transfer while the store is unavailable
 */
public record LocalSettings(
    Path workDir,
    Path workingDir,
    boolean keepWorkDirs,
    int logTailBytes,
    long maxLogBytes,
    StagingRetry.Backoff stagingBackoff) {

  /** With the default staging backoff. */
  public LocalSettings(
      Path workDir, Path workingDir, boolean keepWorkDirs, int logTailBytes, long maxLogBytes) {
    this(
        workDir, workingDir, keepWorkDirs, logTailBytes, maxLogBytes, StagingRetry.Backoff.DEFAULT);
  }
}
