package io.sluice.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecErrorsTest {

  private static final String YAML = "name: iris\nsteps:\n  - name: split\n    imag: x\n";

  @Test
  void showsTheNamedLineWithItsNumberAMarkerAndItsNeighbours() {
    String shown = SpecErrors.render("spec.yaml", YAML, "line 4: unknown key 'imag'", 4);
    assertThat(shown)
        .isEqualTo(
            """
            error: line 4: unknown key 'imag'
              --> spec.yaml:4
              3 |   - name: split
            > 4 |     imag: x
                |     ^^^^^^^
            """);
  }

  @Test
  void aLineOutsideTheFileShowsOnlyTheDetail() {
    assertThat(SpecErrors.render("spec.yaml", YAML, "line 99: x", 99))
        .isEqualTo("error: line 99: x\n");
    assertThat(SpecErrors.render("spec.yaml", YAML, "bad", null)).isEqualTo("error: bad\n");
    assertThat(SpecErrors.render("spec.yaml", YAML, "bad", 0)).isEqualTo("error: bad\n");
  }

  @Test
  void theFirstLineHasNoLineBeforeIt() {
    assertThat(SpecErrors.render("s.yaml", YAML, "line 1: x", 1))
        .contains("> 1 | name: iris\n", "  2 | steps:\n")
        .doesNotContain(" 0 |");
  }
}
