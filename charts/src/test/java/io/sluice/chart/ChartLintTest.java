package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void passesHelmLintStrictWithoutAWarning() {
    LintResult result = HelmChart.source().lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
  }
}
