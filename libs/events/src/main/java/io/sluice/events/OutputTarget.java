package io.sluice.events;

/**
 * Where the executor uploads one output folder of a step after it exits 0.
 *
 * @param name the output name, as in {@code {{outputs.<name>}}}
 * @param uri the destination folder, {@code s3://<artifacts>/runs/<run>/<step>/<attempt>/<name>/}
 */
public record OutputTarget(String name, String uri) {

  public OutputTarget {
    Checks.notBlank(name, "name");
    Checks.notBlank(uri, "uri");
  }
}
