package io.sluice.events;

/**
 * One input folder of a step request.
 *
 * @param name the input name, as in {@code {{inputs.<name>}}}
 * @param uri the folder, e.g. {@code s3://datasets/iris/2026-11-22/}
 * @param sha256 sha256 of the folder's content (as {@link StepOutput#sha256()} defines it)
 */
public record StepInput(String name, String uri, String sha256) {

  public StepInput {
    Checks.notBlank(name, "name");
    Checks.notBlank(uri, "uri");
    Checks.sha256(sha256, "sha256");
  }
}
