package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's log file shows its secrets as {@code ***}, however its output is cut into reads. */
class OutputMaskerTest {

  private static final String SECRET = "s3cr3t-VALUE-42";

  @TempDir Path folder;

  private String captured(String output, int readSize, List<String> secrets) throws Exception {
    Path log = folder.resolve("step-" + readSize + ".log");
    new LogCapture(1 << 20, 1024, secrets).copy(trickle(output, readSize), log);
    return Files.readString(log);
  }

  /** Hands out at most {@code size} bytes per read, as a pipe may. */
  private static InputStream trickle(String text, int size) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, size));
      }
    };
  }

  @Test
  void aSecretSplitAcrossReadsIsMaskedWhole() throws Exception {
    String output = "db=" + SECRET + "\nagain:" + SECRET + SECRET + "\nend s3cr3t";
    for (int size : List.of(1, 2, 3, 5, 7, 8192)) {
      assertThat(captured(output, size, List.of(SECRET)))
          .as("reads of %d bytes", size)
          .isEqualTo("db=***\nagain:******\nend s3cr3t");
    }
  }

  @Test
  void theLongerOfTwoOverlappingSecretsIsMaskedWhole() throws Exception {
    assertThat(captured("x abcdef y abc z", 2, List.of("abc", "abcdef")))
        .isEqualTo("x *** y *** z");
  }

  @Test
  void withoutSecretsTheOutputIsCopiedExactly() throws Exception {
    assertThat(captured("plain " + SECRET, 3, List.of())).isEqualTo("plain " + SECRET);
  }

  @Test
  void aSecretAtTheVeryEndIsMasked() throws Exception {
    assertThat(captured("tail " + SECRET, 4, List.of(SECRET))).isEqualTo("tail ***");
  }
}
