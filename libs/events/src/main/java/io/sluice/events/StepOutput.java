package io.sluice.events;

import java.util.List;

/**
 * One uploaded output folder of a step.
 *
 * @param name the output name
 * @param uri the folder it was uploaded to
 * @param sha256 the folder's content hash, {@link FolderDigest#of} its files
 * @param files every file with its size and hash
 * @param signature the model signature when the folder is a model package (it holds {@code
 *     signature.json}); read by the executor, so that {@code model.candidate} can carry it without
 *     anyone reading the artifact store
 */
public record StepOutput(
    String name,
    String uri,
    String sha256,
    List<FileDigest> files,
    @Nullable ModelSignature signature) {

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

  /** An output that is not a model package. */
  public StepOutput(String name, String uri, String sha256, List<FileDigest> files) {
    this(name, uri, sha256, files, null);
  }

  /** An output whose hash is computed from its files. */
  public static StepOutput of(String name, String uri, List<FileDigest> files) {
    return new StepOutput(name, uri, FolderDigest.of(Checks.list(files, "files")), files);
  }

  /** The same output, known to be a model package with this signature. */
  public StepOutput withSignature(ModelSignature modelSignature) {
    return new StepOutput(name, uri, sha256, files, modelSignature);
  }
}
