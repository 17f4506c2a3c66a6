package io.sluice.security;

import java.util.regex.Pattern;

/**
 * A container image reference, read the way Docker reads it and normalised so that two spellings of
 * one repository compare equal: {@code python:3.11} is {@code docker.io/library/python}, {@code
 * acme/x} is {@code docker.io/acme/x}, {@code index.docker.io} is {@code docker.io}. What is not a
 * valid reference (upper case in a repository, spaces, control characters, {@code ..}, empty parts,
 * a digest that is not {@code sha256:<64 hex>}) is refused with the reason, never guessed at: a
 * reference that two tools read differently is how an allow-list is bypassed.
 *
 * @param registry the registry host, with its port if it has one, e.g. {@code docker.io}
 * @param repository the path in the registry, e.g. {@code library/python}
 * @param tag the tag, or null
 * @param digest the pinned digest ({@code sha256:...}), or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  /** The registry short names mean, as Docker spells it. */
  public static final String DOCKER_HUB = "docker.io";

  /** Longer references are refused before they are read (Docker's name limit is 255). */
  public static final int MAX_LENGTH = 512;

  static final int MAX_NAME_LENGTH = 255;

  // The grammar of github.com/distribution/reference, restricted to ASCII and without IPv6 hosts.
  private static final Pattern HOST_COMPONENT =
      Pattern.compile("[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  /** The repository's full name, {@code registry/repository}: what an allow-list matches. */
  public String name() {
    return registry + "/" + repository;
  }

  /** Whether the reference pins its content by digest. */
  public boolean pinned() {
    return digest != null;
  }

  /**
   * Reads a reference.
   *
   * @throws InvalidImageReferenceException saying what is wrong
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidImageReferenceException("the image is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidImageReferenceException(
          "the image has more than " + MAX_LENGTH + " characters");
    }
    checkCharacters(text);
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = digest(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = tag(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    return name(rest, tag, digest);
  }

  /**
   * Reads a repository name without tag or digest ({@code ghcr.io/sluice/steps}, {@code python}),
   * normalised as {@link #parse} does.
   *
   * @throws InvalidImageReferenceException saying what is wrong
   */
  public static ImageReference parseName(String text) {
    ImageReference reference = parse(text);
    if (reference.tag() != null || reference.digest() != null) {
      throw new InvalidImageReferenceException(
          "a repository name has no tag or digest, got '" + printable(text) + "'");
    }
    return reference;
  }

  private static void checkCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new InvalidImageReferenceException(
            "the image has a space, control or non-ASCII character at position " + (i + 1));
      }
    }
  }

  private static String digest(String text) {
    if (!SHA256.matcher(text).matches()) {
      throw new InvalidImageReferenceException(
          "the digest must be sha256: and 64 lowercase hex digits, got '" + printable(text) + "'");
    }
    return text;
  }

  private static String tag(String text) {
    if (!TAG.matcher(text).matches()) {
      throw new InvalidImageReferenceException(
          "the tag must be 1 to 128 letters, digits, '_', '.' or '-' (not starting with '.' or"
              + " '-'), got '"
              + printable(text)
              + "'");
    }
    return text;
  }

  private static ImageReference name(String text, String tag, String digest) {
    if (text.length() > MAX_NAME_LENGTH) {
      throw new InvalidImageReferenceException(
          "the repository name has more than " + MAX_NAME_LENGTH + " characters");
    }
    int slash = text.indexOf('/');
    String first = slash < 0 ? text : text.substring(0, slash);
    String registry;
    String repository;
    if (slash < 0 || !looksLikeRegistry(first)) {
      registry = DOCKER_HUB;
      repository = slash < 0 ? "library/" + text : text;
    } else {
      registry = first.equals("index.docker.io") ? DOCKER_HUB : first;
      repository = text.substring(slash + 1);
    }
    checkRegistry(registry);
    checkRepository(repository);
    return new ImageReference(registry, repository, tag, digest);
  }

  /** Docker's rule: the first part is a registry when it has a dot or a port, or is localhost. */
  private static boolean looksLikeRegistry(String first) {
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  private static void checkRegistry(String registry) {
    int colon = registry.indexOf(':');
    String host = colon < 0 ? registry : registry.substring(0, colon);
    if (colon >= 0) {
      String port = registry.substring(colon + 1);
      if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
        throw new InvalidImageReferenceException(
            "the registry port must be a number up to 65535, got '" + printable(port) + "'");
      }
    }
    for (String component : host.split("\\.", -1)) {
      if (!HOST_COMPONENT.matcher(component).matches()) {
        throw new InvalidImageReferenceException(
            "the registry must be a lowercase host name (with an optional port), got '"
                + printable(registry)
                + "'");
      }
    }
  }

  private static void checkRepository(String repository) {
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidImageReferenceException(
            "each part of the repository must be lowercase letters and digits, separated by"
                + " '.', '_', '__' or dashes, got '"
                + printable(component)
                + "' in '"
                + printable(repository)
                + "'");
      }
    }
  }

  /**
   * {@code text} safe to put in a message or a log line: at most 200 characters, every control or
   * non-ASCII character written as {@code \}{@code uXXXX}.
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(text.length(), 200);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < ' ' || c >= 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return end < text.length() ? out.append("...").toString() : out.toString();
  }

  /** A text that is not a valid image reference; the message says why. */
  public static final class InvalidImageReferenceException extends IllegalArgumentException {
    public InvalidImageReferenceException(String message) {
      super(message);
    }
  }
}
