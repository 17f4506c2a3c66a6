package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict}, as chart-testing runs it: once per ci/*-values.yaml. The chart alone
 * does not lint clean on purpose: it needs an OIDC provider before it installs.
 */
class ChartLintTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.chart.HelmChart#scenarios")
  void passesHelmLintStrictWithoutAWarningWithEachCiValuesFile(String scenario) {
    LintResult result = HelmChart.sourceWith(scenario).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
  }

  @Test
  void theChartAloneFailsLintOnlyForTheMissingOidcProvider() {
    LintResult result = HelmChart.source().lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    // helm lists the schema's violations in map order, which differs from run to run.
    assertThat(String.join("\n", result.getMessages()))
        .contains("[ERROR] values.yaml: - at '/auth/")
        .contains("at '/auth/issuer': minLength: got 0, want 1")
        .contains("at '/auth/jwksUrl': minLength: got 0, want 1");
    assertThat(result.getMessages())
        .filteredOn(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"))
        .allSatisfy(
            m ->
                assertThat(m)
                    .containsAnyOf("'/auth/issuer'", "'/auth/jwksUrl'", "don't meet the spec"));
  }
}
