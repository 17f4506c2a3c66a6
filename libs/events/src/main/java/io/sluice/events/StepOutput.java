package io.sluice.events;

import java.util.List;

/**
 * One uploaded output folder of a step.
 *
 * @param name the output name
 * @param uri the folder it was uploaded to
 * @param sha256 the folder's content hash, {@link FolderDigest#of} its files
 * @param files every file with its size and hash
 */
public record StepOutput(String name, String uri, String sha256, List<FileDigest> files) {

  public StepOutput {
    Checks.notBlank(name, "name");
    Checks.notBlank(uri, "uri");
    Checks.sha256(sha256, "sha256");
    files = Checks.list(files, "files");
    String expected = FolderDigest.of(files);
    if (!expected.equals(sha256)) {
      throw new IllegalArgumentException(
          "sha256 "
              + sha256
              + " of output '"
              + name
              + "' is not the hash of its files "
              + expected);
    }
  }

  /** An output whose hash is computed from its files. */
  public static StepOutput of(String name, String uri, List<FileDigest> files) {
    return new StepOutput(name, uri, FolderDigest.of(Checks.list(files, "files")), files);
  }
}
