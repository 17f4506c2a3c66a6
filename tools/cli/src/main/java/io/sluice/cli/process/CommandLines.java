package io.sluice.cli.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the full command line of another process. */
public final class CommandLines {

  private CommandLines() {}

  /** The arguments of {@code handle} (program first), or an empty list when unreadable. */
  public static List<String> of(ProcessHandle handle) {
    Path proc = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
    if (Files.isReadable(proc)) {
      try {
        String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
      } catch (IOException e) {
        return List.of();
      }
    }
    // Not Linux: the JDK's view, which may be truncated, but never matches a stranger by accident.
    return handle.info().arguments().map(Arrays::asList).orElse(List.of());
  }
}
