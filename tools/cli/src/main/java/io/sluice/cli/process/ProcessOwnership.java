package io.sluice.cli.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a pid from a pid file still is the process that {@code up} started: it must be
 * alive, have started when the pid file says (pids are recycled), and carry the markers of {@link
 * JavaCommand} for this state folder and component in its command line. Only such a process is ever
 * signalled.
 */
public final class ProcessOwnership {

  /**
   * How far the start time read now may differ from the recorded one, where the ticks since boot
   * are not known (not Linux, or a pid file from before they were kept). Linux derives the start
   * time from the boot time, which moves when the clock is adjusted; a recycled pid that also
   * carries our markers within this window is not a realistic case.
   */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

  private final Path home;

  public ProcessOwnership(Path home) {
    this.home = home;
  }

  /** The live process that {@code record} describes for {@code component}, if it is ours. */
  public Optional<ProcessHandle> find(String component, PidRecord record) {
    return ProcessHandle.of(record.pid())
        .filter(ProcessHandle::isAlive)
        .filter(handle -> startedAsRecorded(handle, record))
        .filter(handle -> carriesMarkers(handle, component));
  }

  /** The time the operating system reports for the start of {@code handle}. */
  public static Instant startTime(ProcessHandle handle) {
    return handle.info().startInstant().orElse(Instant.EPOCH);
  }

  // Ticks since boot where both sides have them: they match exactly or not at all. Else the start
  // times, within the tolerance.
  private static boolean startedAsRecorded(ProcessHandle handle, PidRecord record) {
    if (record.startTicks() != StartTicks.UNKNOWN) {
      long ticks = StartTicks.of(handle.pid());
      if (ticks != StartTicks.UNKNOWN) {
        return ticks == record.startTicks();
      }
    }
    Optional<Instant> actual = handle.info().startInstant();
    return actual.isPresent()
        && Duration.between(actual.get(), record.startedAt()).abs().compareTo(START_TOLERANCE) <= 0;
  }

  private boolean carriesMarkers(ProcessHandle handle, String component) {
    List<String> arguments = CommandLines.of(handle);
    return arguments.containsAll(JavaCommand.markers(home, component));
  }
}
