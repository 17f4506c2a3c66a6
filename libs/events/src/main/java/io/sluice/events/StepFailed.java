package io.sluice.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One attempt of a step failed. Key: the run id.
 *
 * @param runId the run
 * @param stepName the step
 * @param attempt the attempt
 * @param shardIndex the shard (0 when not sharded)
 * @param reason the reason from the fixed taxonomy
 * @param message what happened, for a person (e.g. "exit code 137 after 12 s: out of memory")
 * @param retryable whether another attempt may succeed (the orchestrator still applies the policy)
 * @param exitCode the process exit code, or null when the command never ran or ended
 * @param logTail the end of the step's log, already redacted by the executor, at most {@link
 *     #MAX_LOG_TAIL_BYTES} UTF-8 bytes (longer text is cut from the front); empty when none
 * @param startedAt when the attempt started, or null when it never started
 * @param finishedAt when the failure was observed
 */
public record StepFailed(
    String runId,
    String stepName,
    int attempt,
    int shardIndex,
    FailureReason reason,
    String message,
    boolean retryable,
    @Nullable Integer exitCode,
    String logTail,
    @Nullable Instant startedAt,
    Instant finishedAt)
    implements EventData {

  /** The most UTF-8 bytes of log an event carries: enough to see the error, small for Kafka. */
  public static final int MAX_LOG_TAIL_BYTES = 8 * 1024;

  public StepFailed {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    Checks.required(reason, "reason");
    Checks.notBlank(message, "message");
    logTail = tail(Checks.required(logTail, "logTail"));
    Checks.required(finishedAt, "finishedAt");
    Times.inOrder(startedAt, finishedAt);
  }

  /**
   * The end of {@code log} that fits in {@link #MAX_LOG_TAIL_BYTES}, never splitting a character.
   */
  static String tail(String log) {
    byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_LOG_TAIL_BYTES) {
      return log;
    }
    int start = bytes.length - MAX_LOG_TAIL_BYTES;
    while ((bytes[start] & 0xC0) == 0x80) {
      start++; // a continuation byte: start at the next whole character
    }
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_FAILED;
  }
}
