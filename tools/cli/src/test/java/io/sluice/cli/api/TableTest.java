package io.sluice.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellAndEmptyCellsShowADash() {
    String table = new Table("ID", "STATE").row("run-1", "RUNNING").row("r2", null).render();
    assertThat(table).isEqualTo("ID     STATE\nrun-1  RUNNING\nr2     -\n");
  }

  @Test
  void aLongOrMultiLineCellIsFlattenedAndCut() {
    String table = new Table("E").row("a\nb").row("x".repeat(200)).render();
    assertThat(table.lines()).containsExactly("E", "a b", "x".repeat(77) + "...");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("A", "B").row("1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsAndTimesReadAtAGlance() {
    assertThat(Texts.duration(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Texts.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Texts.duration(Duration.ofMinutes(61))).isEqualTo("1h01m");
    Instant now = Instant.parse("2026-12-03T12:00:10Z");
    assertThat(Texts.duration("2026-12-03T12:00:00Z", null, now)).isEqualTo("10s+");
    assertThat(Texts.duration(null, null, now)).isNull();
    assertThat(Texts.time("2026-12-03T12:00:00.123456Z")).isEqualTo("2026-12-03 12:00:00Z");
    assertThat(Texts.shortHash("a".repeat(64))).isEqualTo("a".repeat(12));
  }
}
