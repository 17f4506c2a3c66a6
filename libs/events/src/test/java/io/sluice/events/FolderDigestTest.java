package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FolderDigestTest {

  private static final FileDigest A = new FileDigest("a.csv", 3, Samples.sha256("a"));
  private static final FileDigest B = new FileDigest("sub/b.csv", 5, Samples.sha256("b"));

  @Test
  void isTheSha256OfOneSortedLinePerFile() {
    String lines = Samples.sha256("a") + " 3 a.csv\n" + Samples.sha256("b") + " 5 sub/b.csv\n";

    assertThat(FolderDigest.of(List.of(B, A))).isEqualTo(Samples.sha256(lines));
  }

  @Test
  void doesNotDependOnTheOrderFilesAreListedIn() {
    assertThat(FolderDigest.of(List.of(A, B))).isEqualTo(FolderDigest.of(List.of(B, A)));
  }

  @Test
  void changesWhenAnyFileChanges() {
    FileDigest bigger = new FileDigest("a.csv", 4, Samples.sha256("a"));

    assertThat(FolderDigest.of(List.of(A, B))).isNotEqualTo(FolderDigest.of(List.of(bigger, B)));
  }

  @Test
  void markerAndHiddenFilesAreNotContent() {
    FileDigest marker = new FileDigest("_SUCCESS", 0, Samples.sha256(""));
    FileDigest hiddenFolder = new FileDigest("sub/.cache/x", 1, Samples.sha256("x"));
    FileDigest underscoreFolder = new FileDigest("_temporary/part-0", 1, Samples.sha256("y"));

    assertThat(FolderDigest.of(List.of(A, B, marker, hiddenFolder, underscoreFolder)))
        .isEqualTo(FolderDigest.of(List.of(A, B)));
    assertThat(FolderDigest.isContent("sub/b.csv")).isTrue();
    assertThat(FolderDigest.isContent("a_b.csv")).isTrue();
  }

  @Test
  void emptyFolderHashesTheEmptyInput() {
    assertThat(FolderDigest.of(List.of())).isEqualTo(Samples.sha256(""));
  }

  @Test
  void refusesTheSamePathTwice() {
    assertThatThrownBy(() -> FolderDigest.of(List.of(A, A)))
        .hasMessageContaining("'a.csv' is listed twice");
  }

  @Test
  void filePathsAreRelative() {
    assertThatThrownBy(() -> new FileDigest("/etc/passwd", 1, Samples.sha256("x")))
        .hasMessageContaining("must be relative");
  }
}
