package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code trigger.onRegister: latest}: run on the dataset's latest version when registered. */
class OnRegisterSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String withOnRegister(String text) {
    return SpecParserTest.MINIMAL.replace(
        "trigger: {dataset: iris}\n", "trigger: {dataset: iris, onRegister: " + text + "}\n");
  }

  @Test
  void onRegisterIsReadAndIsPartOfTheVersion() throws Exception {
    PipelineSpec spec = parser.parse(withOnRegister("latest"));
    assertThat(spec.runOnRegister()).isTrue();
    assertThat(CanonicalSpec.json(spec))
        .contains("\"trigger\":{\"dataset\":\"iris\",\"onRegister\":\"latest\"}");
    assertThat(CanonicalSpec.version(spec))
        .isNotEqualTo(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)));
  }

  /** The version pinned in CanonicalSpecTest, computed before onRegister existed. */
  @Test
  void specsWithoutOnRegisterKeepTheirVersion() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    assertThat(plain.runOnRegister()).isFalse();
    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
  }

  @Test
  void refusesAnythingButLatestWithItsLine() {
    for (String bad : new String[] {"always", "[latest]", "true", "''"}) {
      assertThatThrownBy(() -> parser.parse(withOnRegister(bad)))
          .isInstanceOf(SpecException.class)
          .hasMessageContaining("onRegister")
          .satisfies(e -> assertThat(((SpecException) e).line()).isEqualTo(2));
    }
  }
}
