package io.sluice.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrisDropTest {

  private static final Path REPO = Path.of(System.getProperty("sluice.repo", "../.."));
  private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 23, 18, 30, 5);

  @Test
  void originalDropGoesIntoTodaysFolder() {
    IrisDrop drop = IrisDrop.original(REPO, NOW);
    assertThat(drop.dataKey()).isEqualTo("iris/2026-11-23/iris.csv");
    assertThat(drop.markerKey()).isEqualTo("iris/2026-11-23/_SUCCESS");
  }

  @Test
  void sameContentIsTheSameVersionInAnyFolder() {
    IrisDrop today = IrisDrop.original(REPO, NOW);
    IrisDrop tomorrow = IrisDrop.original(REPO, NOW.plusDays(1));
    assertThat(today.versionId("datasets")).isEqualTo(tomorrow.versionId("datasets"));
  }

  @Test
  void freshDropKeepsHeaderAndRowsInAnotherOrderAsANewVersion() {
    IrisDrop original = IrisDrop.original(REPO, NOW);
    IrisDrop fresh = IrisDrop.fresh(REPO, NOW, 7);
    List<String> before = lines(original.csv());
    List<String> after = lines(fresh.csv());

    assertThat(fresh.folder()).isEqualTo("iris/2026-11-23-183005/");
    assertThat(after.get(0)).isEqualTo(before.get(0));
    assertThat(after).containsExactlyInAnyOrderElementsOf(before).isNotEqualTo(before);
    assertThat(fresh.versionId("datasets")).isNotEqualTo(original.versionId("datasets"));
  }

  private static List<String> lines(byte[] csv) {
    return new String(csv, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
