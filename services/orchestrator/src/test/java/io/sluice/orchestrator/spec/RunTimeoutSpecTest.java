package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The optional run-level {@code timeout} of a pipeline. */
class RunTimeoutSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String withTimeout(String text) {
    return SpecParserTest.MINIMAL.replace(
        "trigger: {dataset: iris}\n", "trigger: {dataset: iris}\ntimeout: " + text + "\n");
  }

  @Test
  void aRunTimeoutIsReadAndIsPartOfTheVersion() throws Exception {
    PipelineSpec limited = parser.parse(withTimeout("6h30m"));
    assertThat(limited.timeout()).contains(Duration.ofMinutes(390));
    assertThat(CanonicalSpec.json(limited)).contains("\"timeoutSeconds\":23400,\"trigger\"");
    assertThat(CanonicalSpec.version(limited))
        .isNotEqualTo(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isNotEqualTo(CanonicalSpec.version(parser.parse(withTimeout("6h"))));
  }

  /** The version pinned in CanonicalSpecTest, computed before run timeouts existed. */
  @Test
  void specsWithoutARunTimeoutKeepTheirVersionAndHaveNoLimit() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    assertThat(plain.timeout()).isEmpty();
    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
  }

  @Test
  void refusesATimeoutThatIsNotADurationWithItsLine() {
    for (String bad : new String[] {"soon", "0s", "169h", "[1h]"}) {
      assertThatThrownBy(() -> parser.parse(withTimeout(bad)))
          .isInstanceOf(SpecException.class)
          .hasMessageContaining("pipeline timeout")
          .satisfies(e -> assertThat(((SpecException) e).line()).isEqualTo(3));
    }
  }
}
