package io.sluice.orchestrator.spec;

import static io.sluice.orchestrator.spec.TrainStepLines.assertRefused;
import static io.sluice.orchestrator.spec.TrainStepLines.trainWith;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code cache} step key: what it reads, what it refuses, and version hashes. */
class StepCacheSpecTest {

  private final SpecParser parser = new SpecParser();

  private boolean cacheOf(String lines) throws SpecException {
    return parser.parse(trainWith(lines)).step("train").orElseThrow().cache();
  }

  @Test
  void aStepMayUseTheCacheUnlessItSaysCacheFalse() throws Exception {
    assertThat(parser.parse(SpecParserTest.MINIMAL).step("train").orElseThrow().cache()).isTrue();
    assertThat(cacheOf("cache: true")).isTrue();
    assertThat(cacheOf("cache: false")).isFalse();
  }

  @Test
  void withoutTheKeyTheVersionHashIsUnchanged() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);

    assertThat(CanonicalSpec.json(plain)).doesNotContain("cache");
    // The version MINIMAL was registered with before the cache key existed.
    assertThat(CanonicalSpec.version(plain))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.iris()))).isEqualTo(IRIS_VERSION);
  }

  @Test
  void optingOutIsANewVersionButSayingTrueIsNot() throws Exception {
    PipelineSpec plain = parser.parse(SpecParserTest.MINIMAL);
    PipelineSpec saidTrue = parser.parse(trainWith("cache: true"));
    PipelineSpec optedOut = parser.parse(trainWith("cache: false"));

    assertThat(CanonicalSpec.version(saidTrue)).isEqualTo(CanonicalSpec.version(plain));
    assertThat(CanonicalSpec.version(optedOut)).isNotEqualTo(CanonicalSpec.version(plain));
    assertThat(CanonicalSpec.json(optedOut)).contains("\"cache\":false");
  }

  @Test
  void refusesAnythingButTrueOrFalse() {
    assertRefused("cache: \"false\"", 15, "step 'train' cache must be true or false, got 'false'");
    assertRefused("cache: no", 15, "must be true or false");
    assertRefused("cache: off", 15, "must be true or false");
    assertRefused("cache: True", 15, "must be true or false");
    assertRefused("cache: 0", 15, "must be true or false");
    assertRefused("cache:", 15, "must be true or false, got nothing (null)");
    assertRefused("cache: [false]", 15, "must be true or false, got a list");
    assertRefused("cache: {enabled: false}", 15, "must be true or false, got a mapping");
  }

  @Test
  void refusesAnOversizedValueWithoutEchoingIt() {
    String huge = "x".repeat(100_000);
    assertRefused("cache: " + huge, 15, "must be true or false, got '" + "x".repeat(80) + "...'");
  }

  @Test
  void refusesTheKeyTwice() {
    assertRefused("cache: false\ncache: true", 16, "duplicate key 'cache'");
  }

  @Test
  void refusesTheKeyAtThePipelineLevel() {
    String spec = SpecParserTest.MINIMAL.replace("steps:\n", "cache: false\nsteps:\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(spec))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("cache");
  }

  /** The version the Iris example was registered with before the cache key existed. */
  private static final String IRIS_VERSION =
      "b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4";
}
