package io.sluice.security;

import io.sluice.security.ImageReference.InvalidImageReferenceException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which step images may run. An entry names a repository exactly ({@code registry.acme.local/ml/
 * train}), every repository under a path ({@code ghcr.io/sluice/*}: {@code ghcr.io/sluice/steps}
 * and {@code ghcr.io/sluice/a/b}, not {@code ghcr.io/sluice} nor {@code ghcr.io/sluicex/y}), or,
 * alone, {@code *}: any valid image (for development only). Entries and images are normalised the
 * same way ({@link ImageReference}), so {@code python} allows {@code python:3.11}; tags and digests
 * never take part in the match. With {@code digestsOnly} an image must also be pinned by digest.
 *
 * <p>Pure and immutable: the orchestrator checks a pipeline's images with it when the pipeline is
 * registered, and the launcher checks every request again before it starts anything.
 */
public final class ImageAllowList {

  /** The entry that allows any valid image. */
  public static final String ANY = "*";

  private static final String UNDER = "/*";

  private final List<String> entries;
  private final List<Entry> parsed;
  private final boolean digestsOnly;

  private ImageAllowList(List<String> entries, List<Entry> parsed, boolean digestsOnly) {
    this.entries = List.copyOf(entries);
    this.parsed = List.copyOf(parsed);
    this.digestsOnly = digestsOnly;
  }

  /**
   * The allow-list of {@code entries} (blank ones are ignored).
   *
   * @throws IllegalArgumentException naming the first entry that is not a repository name, a {@code
   *     <path>/*} prefix or {@code *}, or when no entry is left
   */
  public static ImageAllowList of(List<String> entries, boolean digestsOnly) {
    List<String> kept = new ArrayList<>();
    List<Entry> parsed = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry == null ? "" : entry.trim();
      if (!trimmed.isEmpty()) {
        kept.add(trimmed);
        parsed.add(Entry.parse(trimmed));
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("the image allow-list has no entry");
    }
    return new ImageAllowList(kept, parsed, digestsOnly);
  }

  /** The entries as configured. */
  public List<String> entries() {
    return entries;
  }

  /** Whether images must be pinned by digest. */
  public boolean digestsOnly() {
    return digestsOnly;
  }

  /** Whether {@code image} may run, and if not, why (the reason quotes the image safely). */
  public Decision check(String image) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      return Decision.refused("it is not a valid image reference: " + e.getMessage());
    }
    if (parsed.stream().noneMatch(entry -> entry.matches(reference))) {
      return Decision.refused(
          "repository " + reference.name() + " is not on the allow-list " + entries);
    }
    if (digestsOnly && !reference.pinned()) {
      return Decision.refused(
          "only images pinned by digest may run (<image>@sha256:<64 hex digits>)");
    }
    return Decision.ALLOWED;
  }

  @Override
  public String toString() {
    return entries + (digestsOnly ? " (digests only)" : "");
  }

  /**
   * The answer for one image.
   *
   * @param reason why the image is refused; null when allowed
   */
  public record Decision(boolean allowed, String reason) {

    static final Decision ALLOWED = new Decision(true, null);

    static Decision refused(String reason) {
      return new Decision(false, reason);
    }
  }

  /** One entry: any image, one repository, or every repository under {@code prefix + "/"}. */
  private record Entry(boolean any, String name, boolean under) {

    static Entry parse(String text) {
      if (text.equals(ANY)) {
        return new Entry(true, null, false);
      }
      boolean under = text.endsWith(UNDER);
      String name = under ? text.substring(0, text.length() - UNDER.length()) : text;
      try {
        return new Entry(
            false, under ? prefixOf(name) : ImageReference.parseName(name).name(), under);
      } catch (InvalidImageReferenceException e) {
        throw new IllegalArgumentException(
            "image allow-list entry '"
                + ImageReference.printable(text)
                + "' must be a repository (ghcr.io/acme/train), a prefix ending in /*"
                + " (ghcr.io/acme/*) or * alone: "
                + e.getMessage(),
            e);
      }
    }

    /**
     * The normalised path an entry {@code <path>/*} stands for, read as the start of an image name
     * so that it normalises the same way: {@code ghcr.io} (a whole registry) stays {@code ghcr.io},
     * {@code acme} (a Docker Hub user) is {@code docker.io/acme}.
     */
    private static String prefixOf(String path) {
      String name = ImageReference.parseName(path + "/x").name();
      return name.substring(0, name.length() - "/x".length());
    }

    boolean matches(ImageReference image) {
      if (any) {
        return true;
      }
      return under ? image.name().startsWith(name + "/") : image.name().equals(name);
    }
  }
}
