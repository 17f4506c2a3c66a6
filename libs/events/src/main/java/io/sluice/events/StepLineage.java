package io.sluice.events;

import java.util.List;
import java.util.Map;

/**
 * How one step of a run produced its outputs.
 *
 * @param name the step name
 * @param attempt the attempt whose outputs were used
 * @param image the container image
 * @param imageDigest the digest actually run, or null for a host command
 * @param argv the command as run (params substituted)
 * @param outputHashes output name to its folder hash ({@link StepOutput#sha256()})
 */
public record StepLineage(
    String name,
    int attempt,
    String image,
    @Nullable String imageDigest,
    List<String> argv,
    Map<String, String> outputHashes) {

  public StepLineage {
    Checks.notBlank(name, "name");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.notBlank(image, "image");
    Checks.nullOrNotBlank(imageDigest, "imageDigest");
    argv = Checks.list(argv, "argv");
    outputHashes = Checks.map(outputHashes, "outputHashes");
    outputHashes.forEach((output, hash) -> Checks.sha256(hash, "outputHashes['" + output + "']"));
  }
}
