package io.sluice.events;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C trace context ({@code traceparent}, version 00): the trace every event of one chain shares,
 * and the span of the event that caused the next one. A data drop starts a trace; every event it
 * causes continues it with a span of its own, so a tracing backend (or a person with {@code grep})
 * follows one drop to the served model.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero
 * @param flags 2 lower-case hex digits ({@code 01}: sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {

  private static final Pattern FORMAT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);
  private static final String SAMPLED = "01";
  private static final SecureRandom RANDOM = new SecureRandom();

  public TraceParent {
    if (!FORMAT.matcher("00-" + traceId + "-" + spanId + "-" + flags).matches()
        || ZERO_TRACE.equals(traceId)
        || ZERO_SPAN.equals(spanId)) {
      throw new IllegalArgumentException(
          "not a W3C trace context: trace " + traceId + ", span " + spanId + ", flags " + flags);
    }
  }

  /** A new trace with its first span. */
  public static TraceParent start() {
    return new TraceParent(randomHex(16), randomHex(8), SAMPLED);
  }

  /**
   * The trace context in a {@code traceparent} header, or empty when the header is absent or not a
   * version-00 context (a malformed header is dropped, never trusted, and never fails an event).
   */
  public static Optional<TraceParent> parse(String header) {
    if (header == null || header.length() != 55) {
      return Optional.empty();
    }
    var matcher = FORMAT.matcher(header);
    if (!matcher.matches()
        || ZERO_TRACE.equals(matcher.group(1))
        || ZERO_SPAN.equals(matcher.group(2))) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(matcher.group(1), matcher.group(2), matcher.group(3)));
  }

  /** The context of an event caused by this one: the same trace, a new span. */
  public TraceParent child() {
    return new TraceParent(traceId, randomHex(8), flags);
  }

  /** The header value, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. */
  public String header() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  /** The trace context of an event caused by one carrying {@code causeHeader}. */
  static String continuing(String causeHeader) {
    return parse(causeHeader).map(TraceParent::child).orElseGet(TraceParent::start).header();
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    String hex;
    do {
      RANDOM.nextBytes(random);
      hex = HexFormat.of().formatHex(random);
    } while (hex.chars().allMatch(c -> c == '0'));
    return hex;
  }
}
