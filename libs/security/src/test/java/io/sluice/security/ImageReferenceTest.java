package io.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.ImageReference.InvalidImageReferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String DIGEST =
      "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @ParameterizedTest
  @CsvSource({
    "python:3.11, docker.io/library/python",
    "python, docker.io/library/python",
    "acme/x, docker.io/acme/x",
    "acme/x:1, docker.io/acme/x",
    "index.docker.io/acme/x, docker.io/acme/x",
    "docker.io/library/python:3.11, docker.io/library/python",
    "ghcr.io/sluice/steps:0.1.0, ghcr.io/sluice/steps",
    "registry.acme.local:5000/ml/train:v2, registry.acme.local:5000/ml/train",
    "localhost/train, localhost/train",
    "localhost:5000/train, localhost:5000/train",
    "ghcr.io/sluice/a__b.c-d--e/f_g, ghcr.io/sluice/a__b.c-d--e/f_g"
  })
  void normalisesNamesTheWayDockerDoes(String image, String name) {
    assertThat(ImageReference.parse(image).name()).isEqualTo(name);
  }

  @Test
  void readsTagAndDigestApart() {
    ImageReference reference = ImageReference.parse("ghcr.io/sluice/steps:0.1.0@" + DIGEST);

    assertThat(reference.registry()).isEqualTo("ghcr.io");
    assertThat(reference.repository()).isEqualTo("sluice/steps");
    assertThat(reference.tag()).isEqualTo("0.1.0");
    assertThat(reference.digest()).isEqualTo(DIGEST);
    assertThat(reference.pinned()).isTrue();
  }

  @Test
  void aPortIsPartOfTheRegistryNotATag() {
    ImageReference reference = ImageReference.parse("registry.acme.local:5000/ml/train");

    assertThat(reference.registry()).isEqualTo("registry.acme.local:5000");
    assertThat(reference.tag()).isNull();
    assertThat(reference.pinned()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ghcr.io/sluice/../evil",
        "ghcr.io/sluice/./x",
        "ghcr.io//x",
        "ghcr.io/sluice/",
        "/x",
        "ghcr.io/Sluice/steps",
        "GHCR.io/sluice/steps",
        "Acme/x",
        "ghcr.io/sluice/steps:",
        "ghcr.io/sluice/steps:.hidden",
        "ghcr.io/sluice/steps:-x",
        "ghcr.io/sluice/steps@sha256:abc",
        "ghcr.io/sluice/steps@sha512:" + "a",
        "ghcr.io/sluice/steps@SHA256:aaaa",
        "ghcr.io/sluice/steps@",
        "ghcr.io/sluice/steps@" + DIGEST + "@" + DIGEST,
        "ghcr.io:99999/sluice/steps",
        "ghcr.io:http/sluice/steps",
        "-ghcr.io/sluice/steps",
        "ghcr..io/sluice/steps",
        "ghcr.io/sluice/-steps",
        "ghcr.io/sluice/steps_",
        "ghcr.io/sluice/st eps",
        "ghcr.io/sluice/steps\u0000",
        "ghcr.io/sluice/steps\n",
        "ghcr.io/sluice/st\u00e9ps",
        "ghcr.io/sluice/steps\u202e",
        ":1",
        "@" + "sha256:" + "a"
      })
  void refusesWhatIsNotAValidReference(String image) {
    assertThatThrownBy(() -> ImageReference.parse(image))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\u0000");
  }

  @Test
  void refusesVeryLongReferencesBeforeReadingThem() {
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/" + "a".repeat(10_000)))
        .isInstanceOf(InvalidImageReferenceException.class)
        .hasMessageContaining("more than 512 characters");
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/" + "a".repeat(300) + ":1"))
        .hasMessageContaining("more than 255 characters");
  }

  @Test
  void refusesTagsAndDigestsWhereOnlyANameIsExpected() {
    assertThatThrownBy(() -> ImageReference.parseName("ghcr.io/sluice/steps:1"))
        .hasMessageContaining("no tag or digest");
    assertThat(ImageReference.parseName("python").name()).isEqualTo("docker.io/library/python");
  }

  @Test
  void printableEscapesControlCharactersAndShortens() {
    assertThat(ImageReference.printable("a\nb\u0000c\u202e")).isEqualTo("a\\u000ab\\u0000c\\u202e");
    assertThat(ImageReference.printable("x".repeat(500))).hasSize(203).endsWith("...");
  }
}
