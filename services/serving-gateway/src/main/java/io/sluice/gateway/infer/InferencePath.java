package io.sluice.gateway.infer;

import io.vertx.core.net.impl.URIDecoder;

/**
 * The model and version an inference path names: {@code /v2/models/{name}/infer} or {@code
 * /v2/models/{name}/versions/{version}/infer}, with or without a trailing slash, read from the path
 * Vert.x Web normalized (dot segments and doubled slashes resolved) and each name decoded as Vert.x
 * Web decodes path parameters. The route matches this way rather than with two path templates:
 * Vert.x Web matches a template with a regular expression and copies its parameters into the
 * request's parameter map, which cost the inference route about 5% of its time per request.
 *
 * @param version the version named, or null for the model's routing
 */
record InferencePath(String name, String version) {

  private static final String PREFIX = "/v2/models/";
  private static final String SUFFIX = "/infer";
  private static final String VERSIONS = "/versions/";

  /** The names in {@code normalizedPath}, or null when it is not an inference path. */
  static InferencePath parse(String normalizedPath) {
    String path =
        normalizedPath.endsWith("/")
            ? normalizedPath.substring(0, normalizedPath.length() - 1)
            : normalizedPath;
    if (!path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String names = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    int slash = names.indexOf('/');
    if (slash < 0) {
      return new InferencePath(decoded(names), null);
    }
    return slash > 0
            && names.startsWith(VERSIONS, slash)
            && names.length() > slash + VERSIONS.length()
            && names.indexOf('/', slash + VERSIONS.length()) < 0
        ? new InferencePath(
            decoded(names.substring(0, slash)), decoded(names.substring(slash + VERSIONS.length())))
        : null;
  }

  // As Vert.x Web decodes a path parameter: %XX sequences, and a '+' stays a '+'.
  private static String decoded(String segment) {
    return segment.indexOf('%') < 0 ? segment : URIDecoder.decodeURIComponent(segment, false);
  }
}
