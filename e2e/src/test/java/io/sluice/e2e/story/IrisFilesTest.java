package io.sluice.e2e.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrisFilesTest {

  private static final byte[] CSV =
      ("a,b,label\n1,2,x\n3,4,y\n5,6,z\n7,8,w\n").getBytes(StandardCharsets.UTF_8);

  @Test
  void shuffledKeepsTheHeaderFirstAndEveryRowOnce() {
    List<String> lines = lines(IrisFiles.shuffled(CSV, 7));

    assertThat(lines.get(0)).isEqualTo("a,b,label");
    assertThat(lines.subList(1, lines.size()))
        .containsExactlyInAnyOrder("1,2,x", "3,4,y", "5,6,z", "7,8,w");
  }

  @Test
  void shuffledWithTheSameSeedIsTheSame() {
    assertThat(IrisFiles.shuffled(CSV, 7)).isEqualTo(IrisFiles.shuffled(CSV, 7));
  }

  @Test
  void missingColumnCutsTheLastFieldOfTheThirdRowOnly() {
    List<String> lines = lines(IrisFiles.withMissingColumn(CSV));

    assertThat(lines).containsExactly("a,b,label", "1,2,x", "3,4,y", "5,6", "7,8,w");
  }

  private static List<String> lines(byte[] csv) {
    return new String(csv, StandardCharsets.UTF_8).lines().toList();
  }
}
