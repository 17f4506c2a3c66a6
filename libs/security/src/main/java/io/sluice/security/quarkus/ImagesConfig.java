package io.sluice.security.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * {@code sluice.images.*}: which step images may run. The orchestrator and the trainer-launcher
 * read the same names, so one setting (one Helm value) governs both checks: at registration and
 * again before a step starts.
 */
@ConfigMapping(prefix = "sluice.images")
public interface ImagesConfig {

  /** The full name of {@link #allowed()}, for messages that tell an operator what to change. */
  String ALLOWED = "sluice.images.allowed";

  /** The full name of {@link #digestsOnly()}. */
  String DIGESTS_ONLY = "sluice.images.digests-only";

  /**
   * Repositories steps may use: {@code registry/path/name} exactly, {@code registry/path/*} for
   * every repository under a path (or {@code registry/*}: a whole registry), or {@code *} alone for
   * any image (development only). Docker Hub short names are normalised ({@code python} is {@code
   * docker.io/library/python}). The default allows only the project's own step images.
   */
  @WithDefault("ghcr.io/sluice/*")
  List<String> allowed();

  /** Whether a step image must be pinned by digest ({@code image@sha256:<64 hex digits>}). */
  @WithDefault("false")
  boolean digestsOnly();
}
