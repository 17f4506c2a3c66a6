package io.sluice.launcher.stager;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.events.FailureReason;
import io.sluice.events.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Why a stager container failed, as it leaves it in its termination message (Kubernetes keeps at
 * most 4096 bytes of it in the container's status, where the launcher reads it).
 *
 * @param reason the failure reason of the taxonomy
 * @param retryable whether another attempt could succeed
 * @param message what a person reads
 */
public record StagerReport(FailureReason reason, boolean retryable, String message) {

  /** Kubernetes' limit for one container's termination message. */
  static final int MAX_BYTES = 4096;

  private static final int MAX_MESSAGE_CHARS = 3000;

  public StagerReport {
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
  }

  public String toJson() {
    try {
      return Json.mapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report is a plain record and always serialises", e);
    }
  }

  /** The report in a termination message; empty when there is none or it is not one of ours. */
  public static Optional<StagerReport> parse(String terminationMessage) {
    if (terminationMessage == null
        || terminationMessage.isBlank()
        || terminationMessage.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.empty();
    }
    try {
      StagerReport report = Json.mapper().readValue(terminationMessage, StagerReport.class);
      return report.reason() == null || report.message() == null
          ? Optional.empty()
          : Optional.of(report);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
