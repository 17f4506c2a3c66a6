package io.sluice.cli.process;

import java.time.Instant;

/**
 * What {@code up} wrote down about a process it started: its pid, when it started (so that a
 * recycled pid is not mistaken for it), and how long its log file was at launch (so that readiness
 * lines of earlier runs in the same log are not taken for this one). The start is kept twice: as
 * the operating system's clock ticks since boot where it tells them ({@link StartTicks#UNKNOWN}
 * otherwise, and in pid files written before they were kept), and as a time for people and other
 * systems.
 */
public record PidRecord(long pid, Instant startedAt, long startTicks, long logOffset) {

  /** The record of a process that has just been started. */
  public static PidRecord of(ProcessHandle process, long logOffset) {
    return new PidRecord(
        process.pid(),
        ProcessOwnership.startTime(process),
        StartTicks.of(process.pid()),
        logOffset);
  }
}
