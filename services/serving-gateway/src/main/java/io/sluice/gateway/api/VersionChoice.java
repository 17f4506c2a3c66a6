package io.sluice.gateway.api;

import io.sluice.gateway.config.RoutingConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.protocol.V2Exception;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which loaded version answers an inference request: the one its path or the {@value
 * #VERSION_HEADER} header names (for debugging a rollout), else the router's choice by the sticky
 * routing header or at random. Refusals are the protocol's JSON errors: 404 for a version not
 * loaded here, 400 for a header that is no version number or is sent twice.
 */
@Singleton
public class VersionChoice {

  /** Names the version to call, and on every answer the version that answered. */
  public static final String VERSION_HEADER = "X-Sluice-Model-Version";

  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

  // Header names with their case-insensitive hash computed once, not on every look-up.
  private static final CharSequence VERSION_HEADER_NAME =
      HttpHeaders.createOptimized(VERSION_HEADER);

  private final ModelRouter router;
  private final CharSequence stickyHeader;

  public VersionChoice(ModelRouter router, RoutingConfig config) {
    this.router = router;
    this.stickyHeader = HttpHeaders.createOptimized(config.stickyHeader());
  }

  /**
   * The version for one request, acquired: the caller must {@link ServedModel#release()} it.
   *
   * @param pathVersion the version in the path ({@code /versions/{v}/infer}), null for none
   */
  public ServedModel acquire(String name, String pathVersion, HttpServerRequest request) {
    String pinned = pinned(name, pathVersion, request);
    if (pinned != null) {
      return pinnedVersion(name, pinned);
    }
    ServedModel model = router.acquire(name, single(request, stickyHeader));
    if (model == null) {
      throw notServed(name);
    }
    return model;
  }

  private String pinned(String name, String pathVersion, HttpServerRequest request) {
    String header = single(request, VERSION_HEADER_NAME);
    if (header != null && !VERSION.matcher(header).matches()) {
      throw V2Exception.badRequest(
          VERSION_HEADER + " must be a version number, got '" + Names.shown(header) + "'");
    }
    if (header != null && pathVersion != null && !header.equals(pathVersion)) {
      throw V2Exception.badRequest(
          "the path names version '"
              + Names.shown(pathVersion)
              + "' and "
              + VERSION_HEADER
              + " names "
              + header
              + " for model '"
              + Names.shown(name)
              + "'");
    }
    return header != null ? header : pathVersion;
  }

  /** One named version, the stable one or the candidate, acquired for the caller; else a 404. */
  ServedModel pinnedVersion(String name, String version) {
    ServedModel model =
        VERSION.matcher(version).matches()
            ? router.acquireVersion(name, Integer.parseInt(version))
            : null;
    if (model != null) {
      return model;
    }
    if (router.servingVersion(name).isEmpty() && router.split(name).isEmpty()) {
      throw notServed(name);
    }
    throw V2Exception.notFound(
        "model '"
            + Names.shown(name)
            + "' has no version '"
            + Names.shown(version)
            + "' loaded here: it "
            + loaded(name));
  }

  private String loaded(String name) {
    String stable =
        router.servingVersion(name).map(v -> "serves version " + v).orElse("serves no version");
    return stable
        + router
            .split(name)
            .map(split -> " and rolls out version " + split.candidateVersion())
            .orElse("");
  }

  private static V2Exception notServed(String name) {
    return V2Exception.notFound("model '" + Names.shown(name) + "' is not served here");
  }

  /** The header's value, null when absent or empty; a header sent twice is ambiguous: 400. */
  private static String single(HttpServerRequest request, CharSequence header) {
    MultiMap headers = request.headers();
    if (!headers.contains(header)) {
      return null; // the usual case: no list is built for a header that was not sent
    }
    List<String> values = headers.getAll(header);
    if (values.size() > 1) {
      throw V2Exception.badRequest("send the " + header + " header once, got " + values.size());
    }
    if (values.isEmpty() || values.get(0).isBlank()) {
      return null;
    }
    return values.get(0).strip();
  }
}
