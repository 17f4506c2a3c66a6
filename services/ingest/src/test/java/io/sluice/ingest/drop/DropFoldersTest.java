package io.sluice.ingest.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.drop.DropFolders.DropKey;
import org.junit.jupiter.api.Test;

class DropFoldersTest {

  @Test
  void dataObjectBelongsToTheFolderDirectlyBelowThePrefix() {
    assertThat(DropFolders.locate("iris/", "iris/2026-11-22/iris.csv"))
        .contains(new DropKey("iris/2026-11-22/", "iris.csv"));
  }

  @Test
  void nestedObjectsBelongToTheTopDropFolder() {
    assertThat(DropFolders.locate("iris/", "iris/2026-11-22/part/a.csv"))
        .contains(new DropKey("iris/2026-11-22/", "part/a.csv"));
  }

  @Test
  void objectsOutsideThePrefixOrDirectlyInItBelongToNoDrop() {
    assertThat(DropFolders.locate("iris/", "wine/2026/a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/2026-11-22/")).isEmpty();
    assertThat(DropFolders.locate("iris/", "irisx/2026/a.csv")).isEmpty();
  }

  @Test
  void dotDotSegmentsNeverFormADrop() {
    assertThat(DropFolders.locate("iris/", "iris/../secret/a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/2026/../../a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/./a.csv")).isEmpty();
  }

  @Test
  void emptySegmentsNeverFormADrop() {
    assertThat(DropFolders.locate("iris/", "iris//a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/2026//a.csv")).isEmpty();
  }

  @Test
  void keysLongerThanS3AllowsAreRefused() {
    String longKey = "iris/2026/" + "a".repeat(1020) + ".csv";
    assertThat(DropFolders.locate("iris/", longKey)).isEmpty();
    String longInBytes = "iris/2026/" + "é".repeat(510) + ".csv";
    assertThat(longInBytes.length()).isLessThan(1024);
    assertThat(DropFolders.locate("iris/", longInBytes)).isEmpty();
  }

  @Test
  void nonAsciiAndPlusSignsAreOrdinaryCharacters() {
    assertThat(DropFolders.locate("iris/", "iris/ete+été 2026/données+1.csv"))
        .contains(new DropKey("iris/ete+été 2026/", "données+1.csv"));
  }

  @Test
  void controlCharactersAndHiddenDropFoldersAreRefused() {
    assertThat(DropFolders.locate("iris/", "iris/2026\n/a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/_temporary/a.csv")).isEmpty();
    assertThat(DropFolders.locate("iris/", "iris/.staging/a.csv")).isEmpty();
  }

  @Test
  void markersAndHiddenFilesAreNotData() {
    DropKey marker = DropFolders.locate("iris/", "iris/2026/_SUCCESS").orElseThrow();
    assertThat(marker.isMarker()).isTrue();
    assertThat(marker.isData()).isFalse();
    assertThat(DropFolders.locate("iris/", "iris/2026/.DS_Store").orElseThrow().isData()).isFalse();
    assertThat(DropFolders.locate("iris/", "iris/2026/_tmp/a.csv").orElseThrow().isData())
        .isFalse();
    assertThat(DropFolders.locate("iris/", "iris/2026/sub/_SUCCESS").orElseThrow().isMarker())
        .isFalse();
  }

  @Test
  void keysThatMustBeEncodedInAUriAreOrdinaryKeys() {
    for (String folder : new String[] {"p q", "p%41", "100%", "a#b", "what?", "a+b", "日本"}) {
      assertThat(DropFolders.locate("wine/", "wine/" + folder + "/_SUCCESS"))
          .contains(new DropKey("wine/" + folder + "/", "_SUCCESS"));
      assertThat(DropFolders.whyUnsafe(folder + "/x.csv")).isEmpty();
    }
  }

  @Test
  void saysWhyAPathCouldNotBeStaged() {
    assertThat(DropFolders.whyUnsafe("a\tb.csv")).contains("it holds control characters");
    assertThat(DropFolders.whyUnsafe("../x.csv")).contains("it has an empty, '.' or '..' segment");
    assertThat(DropFolders.whyUnsafe("a//x.csv")).contains("it has an empty, '.' or '..' segment");
    assertThat(DropFolders.whyUnsafe("a/./x.csv")).contains("it has an empty, '.' or '..' segment");
    assertThat(DropFolders.whyUnsafe("x".repeat(1025))).contains("it is longer than 1024 bytes");
    assertThat(DropFolders.printable("a\nb")).isEqualTo("a\\x0ab");
  }
}
