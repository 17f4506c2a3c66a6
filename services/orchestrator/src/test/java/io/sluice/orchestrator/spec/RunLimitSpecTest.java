package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pipeline's {@code concurrency: {limit: N}}. */
class RunLimitSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String withLimit(String text) {
    return SpecParserTest.MINIMAL.replace(
        "trigger: {dataset: iris}\n", "trigger: {dataset: iris}\nconcurrency: " + text + "\n");
  }

  @Test
  void aLimitIsReadAndIsPartOfTheVersion() throws Exception {
    PipelineSpec limited = parser.parse(withLimit("{limit: 2}"));
    assertThat(limited.runLimit()).isEqualTo(2);
    assertThat(CanonicalSpec.json(limited)).contains("\"concurrency\":{\"limit\":2}");
    assertThat(CanonicalSpec.version(limited))
        .isNotEqualTo(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)));
  }

  /** The version pinned in CanonicalSpecTest, computed before run limits existed. */
  @Test
  void specsWithoutALimitKeepTheirVersionAndHaveNone() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    assertThat(plain.runLimit()).isNull();
    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
  }

  @Test
  void refusesABadLimitWithItsLine() {
    for (String bad :
        new String[] {
          "{limit: 0}", "{limit: 1001}", "{limit: two}", "{}", "{limit: 1, max: 2}", "3"
        }) {
      assertThatThrownBy(() -> parser.parse(withLimit(bad)))
          .as(bad)
          .isInstanceOf(SpecException.class)
          .satisfies(e -> assertThat(((SpecException) e).line()).isEqualTo(3));
    }
  }
}
