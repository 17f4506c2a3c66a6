package io.sluice.cli.process;

import java.time.Instant;

/**
 * What {@code up} wrote down about a process it started: its pid, when the operating system says it
 * started (so that a recycled pid is not mistaken for it), and how long its log file was at launch
 * (so that readiness lines of earlier runs in the same log are not taken for this one).
 */
public record PidRecord(long pid, Instant startedAt, long logOffset) {}
