package io.sluice.launcher.local;

import io.sluice.security.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The executables a local step may start. In local mode the image is not used: the command runs on
 * the launcher's host as the launcher's user, so what may run is decided by {@code argv[0]}. It
 * must equal an entry exactly: a bare name (found on the launcher's {@code PATH}) or an absolute
 * path. Nothing is resolved or shortened before comparing: {@code /tmp/x/java} is not {@code java},
 * {@code ./java} and {@code bin/java} are never allowed, and a path that is not normalised ({@code
 * /usr/bin/../bin/sh}) matches no entry.
 */
public final class LocalCommands {

  private final List<String> allowed;

  private LocalCommands(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /**
   * The list of {@code entries} (blank ones ignored).
   *
   * @throws IllegalArgumentException naming an entry that is neither a bare name nor a normalised
   *     absolute path
   */
  public static LocalCommands of(List<String> entries) {
    List<String> allowed = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry == null ? "" : entry.trim();
      if (!trimmed.isEmpty()) {
        check(trimmed);
        allowed.add(trimmed);
      }
    }
    return new LocalCommands(allowed);
  }

  private static void check(String entry) {
    boolean bareName = entry.matches("[A-Za-z0-9_+][A-Za-z0-9._+-]*");
    boolean absolute =
        entry.startsWith("/")
            && entry.chars().noneMatch(c -> c < ' ' || c == 0x7f)
            && Path.of(entry).normalize().toString().equals(entry);
    if (!bareName && !absolute) {
      throw new IllegalArgumentException(
          "allowed command '"
              + ImageReference.printable(entry)
              + "' must be a bare executable name (java) or a normalised absolute path"
              + " (/usr/bin/python3)");
    }
  }

  /** The entries. */
  public List<String> allowed() {
    return allowed;
  }

  /** Why {@code argv} may not run here, or empty when its executable is allowed. */
  public Optional<String> refusal(List<String> argv) {
    String executable = argv.isEmpty() ? "" : argv.get(0);
    if (allowed.contains(executable)) {
      return Optional.empty();
    }
    return Optional.of(
        "local command '"
            + ImageReference.printable(executable)
            + "' is not allowed: argv[0] must be exactly one of "
            + allowed
            + " (a bare name is looked up on the launcher's PATH, a path must be absolute)");
  }
}
