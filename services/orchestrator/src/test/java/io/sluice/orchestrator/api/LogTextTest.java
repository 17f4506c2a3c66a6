package io.sluice.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

  private static ByteArrayInputStream log(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String copied(String text, long maxBytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogText.copy(log(text), out, maxBytes);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String tail(String text, long maxBytes, int lines) throws Exception {
    return new String(LogText.tail(log(text), maxBytes, lines), StandardCharsets.UTF_8);
  }

  @Test
  void logWithinTheBoundIsSentWhole() throws Exception {
    assertThat(copied("a\nb\n", 100)).isEqualTo("a\nb\n");
  }

  @Test
  void logPastTheBoundIsCutWithALineSayingSo() throws Exception {
    String big = "x".repeat(20_000);

    assertThat(copied(big, 10_000))
        .startsWith(
            "x".repeat(10_000) + System.lineSeparator() + "[sluice] log cut at 10,000 bytes")
        .hasSizeLessThan(10_100);
  }

  @Test
  void tailIsTheLastLinesWithTheirFinalNewline() throws Exception {
    assertThat(tail("one\ntwo\nthree\n", 1000, 2)).isEqualTo("two\nthree\n");
    assertThat(tail("one\ntwo\nthree", 1000, 2)).isEqualTo("two\nthree");
  }

  @Test
  void tailOfMoreLinesThanTheLogHasIsTheWholeLog() throws Exception {
    assertThat(tail("one\ntwo\n", 1000, 50)).isEqualTo("one\ntwo\n");
    assertThat(tail("", 1000, 5)).isEmpty();
  }

  @Test
  void tailLongerThanItsWindowStartsAtAWholeLine() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("line ").append(i).append('\n');
    }

    String tail = tail(text.toString(), Long.MAX_VALUE, 10_000);
    assertThat(tail).endsWith("line 99999\n").startsWith("line 9");
    assertThat(tail.split("\n")).hasSize(10_000);

    String huge = tail("y".repeat(3 * LogText.TAIL_WINDOW_BYTES) + "\nend\n", Long.MAX_VALUE, 5);
    assertThat(huge).isEqualTo("end\n");
  }

  @Test
  void tailReadsOnlyUpToTheBound() throws Exception {
    assertThat(tail("kept\nbeyond the bound\n", 5, 3)).isEqualTo("kept\n");
  }
}
