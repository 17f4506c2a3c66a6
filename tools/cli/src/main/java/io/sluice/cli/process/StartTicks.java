package io.sluice.cli.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * When a process started, in clock ticks since the machine booted ({@code /proc/<pid>/stat}, field
 * 22), where Linux tells it. The start time Java reports is derived from the boot time as the wall
 * clock puts it now, so it moves when the clock is stepped or a virtual machine resumes from a
 * pause; this count never moves.
 */
final class StartTicks {

  /** No {@code /proc} (not Linux), or the process is gone. */
  static final long UNKNOWN = -1;

  // Fields after the command name, which is in parentheses and may itself hold spaces or ")".
  private static final int FIELD_22_AFTER_NAME = 22 - 3;

  private StartTicks() {}

  static long of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[FIELD_22_AFTER_NAME]);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }
}
