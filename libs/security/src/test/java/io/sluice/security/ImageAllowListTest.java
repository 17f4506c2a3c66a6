package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAllowListTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static ImageAllowList allowing(String... entries) {
    return ImageAllowList.of(Arrays.asList(entries), false);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/sluice/steps:0.1.0",
        "ghcr.io/sluice/steps",
        "ghcr.io/sluice/iris-pytorch:0.1.0",
        "ghcr.io/sluice/team/deep/train:1",
        "ghcr.io/sluice/steps@" + DIGEST
      })
  void prefixAllowsEveryRepositoryUnderIt(String image) {
    assertThat(allowing("ghcr.io/sluice/*").check(image).allowed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/sluice",
        "ghcr.io/sluicex/y",
        "ghcr.io/sluice.evil.com/x",
        "ghcr.io/sluice-evil/x",
        "ghcr.io.evil.com/sluice/x",
        "ghcr.io:443/sluice/x",
        "evil.com/ghcr.io/sluice/x",
        "docker.io/sluice/x",
        "sluice/x",
        "python:3.11"
      })
  void prefixRefusesLookAlikes(String image) {
    ImageAllowList.Decision decision = allowing("ghcr.io/sluice/*").check(image);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).contains("is not on the allow-list [ghcr.io/sluice/*]");
  }

  @Test
  void pathTraversalIsRefusedAsMalformedNotMatchedAsAPrefix() {
    ImageAllowList.Decision decision = allowing("ghcr.io/sluice/*").check("ghcr.io/sluice/../evil");

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).startsWith("it is not a valid image reference").contains("'..'");
  }

  @Test
  void exactEntryAllowsThatRepositoryWithAnyTagOnly() {
    ImageAllowList list = allowing("registry.acme.local:5000/ml/train");

    assertThat(list.check("registry.acme.local:5000/ml/train:v3").allowed()).isTrue();
    assertThat(list.check("registry.acme.local:5000/ml/train@" + DIGEST).allowed()).isTrue();
    assertThat(list.check("registry.acme.local:5000/ml/train/sub:1").allowed()).isFalse();
    assertThat(list.check("registry.acme.local:5000/ml/trainer:1").allowed()).isFalse();
    assertThat(list.check("registry.acme.local/ml/train:1").allowed()).isFalse();
    assertThat(list.check("registry.acme.local:5001/ml/train:1").allowed()).isFalse();
  }

  @Test
  void dockerHubShortNamesMatchTheirNormalForm() {
    assertThat(allowing("python").check("python:3.11").allowed()).isTrue();
    assertThat(allowing("docker.io/library/python").check("python:3.11").allowed()).isTrue();
    assertThat(allowing("python").check("docker.io/library/python:3").allowed()).isTrue();
    assertThat(allowing("acme/*").check("acme/train:1").allowed()).isTrue();
    assertThat(allowing("acme/*").check("docker.io/acme/train").allowed()).isTrue();
    assertThat(allowing("acme/*").check("acmex/train").allowed()).isFalse();
    assertThat(allowing("acme/*").check("python").allowed()).isFalse();
    assertThat(allowing("index.docker.io/acme/*").check("acme/train").allowed()).isTrue();
  }

  @Test
  void registryPrefixAllowsTheWholeRegistryAndNothingElse() {
    ImageAllowList list = allowing("registry.acme.local:5000/*");

    assertThat(list.check("registry.acme.local:5000/anything/at/all:1").allowed()).isTrue();
    assertThat(list.check("registry.acme.local/x").allowed()).isFalse();
    assertThat(list.check("registry.acme.local:50001/x").allowed()).isFalse();
    assertThat(allowing("localhost/*").check("localhost/x").allowed()).isTrue();
  }

  @Test
  void starAloneAllowsAnyValidImageButNoMalformedOne() {
    ImageAllowList any = allowing("*");

    assertThat(any.check("whatever.example/a/b:c").allowed()).isTrue();
    assertThat(any.check("python").allowed()).isTrue();
    assertThat(any.check("ghcr.io/x/../y").allowed()).isFalse();
    assertThat(any.check("ghcr.io/x\u0000").allowed()).isFalse();
  }

  @Test
  void digestsOnlyRefusesTagsAndAcceptsPinnedImages() {
    ImageAllowList pinned = ImageAllowList.of(List.of("ghcr.io/sluice/*"), true);

    ImageAllowList.Decision tagged = pinned.check("ghcr.io/sluice/steps:0.1.0");
    assertThat(tagged.allowed()).isFalse();
    assertThat(tagged.reason()).contains("pinned by digest");
    assertThat(pinned.check("ghcr.io/sluice/steps@" + DIGEST).allowed()).isTrue();
    assertThat(pinned.check("ghcr.io/sluice/steps:0.1.0@" + DIGEST).allowed()).isTrue();
    assertThat(pinned.check("ghcr.io/sluice/steps@sha256:" + "0".repeat(63)).allowed()).isFalse();
    assertThat(pinned.check("ghcr.io/other/steps@" + DIGEST).reason())
        .contains("not on the allow-list");
  }

  @Test
  void refusalQuotesNoControlCharacters() {
    ImageAllowList.Decision decision =
        allowing("ghcr.io/sluice/*").check("ghcr.io/sluice/x\nFAKE LOG LINE\u0000");

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).doesNotContain("\n").doesNotContain("\u0000");
  }

  @Test
  void refusesVeryLongImagesWithoutQuotingThem() {
    ImageAllowList.Decision decision =
        allowing("ghcr.io/sluice/*").check("ghcr.io/sluice/" + "a".repeat(100_000));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).hasSizeLessThan(300);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/sluice/steps:1",
        "ghcr.io/sluice/steps@" + DIGEST,
        "ghcr.io/Sluice/*",
        "ghcr.io/sluice/**",
        "*/steps",
        "ghcr.io/*/steps",
        "/*",
        "**",
        "ghcr.io/sluice/../*",
        "ghcr.io/sluice /*"
      })
  void refusesEntriesThatAreNotRepositoriesOrPrefixes(String entry) {
    assertThatThrownBy(() -> allowing(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image allow-list entry");
  }

  @Test
  void refusesAnEmptyList() {
    assertThatThrownBy(() -> allowing(" ", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no entry");
  }
}
