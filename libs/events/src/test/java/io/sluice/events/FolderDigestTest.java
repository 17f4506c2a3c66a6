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
