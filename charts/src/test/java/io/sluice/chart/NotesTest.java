package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NOTES.txt: short, and it names the next commands for this release. */
class NotesTest {

  @Test
  void tellsHowToWaitTestAndReachTheApis() {
    String notes = HelmChart.render().notes();

    assertThat(notes)
        .startsWith("Sluice 0.1.0-SNAPSHOT is installed as release sluice in namespace mlops.")
        .contains("kubectl -n mlops rollout status deployment -l app.kubernetes.io/instance=sluice")
        .contains("helm test sluice -n mlops")
        .contains("kubectl -n mlops port-forward svc/sluice-orchestrator 8082:8080")
        .doesNotContain("Steps run in namespace");
    assertThat(notes.lines().count()).isLessThan(25);
  }

  @Test
  void remindsThatTheStagersSecretMustExistWhereStepsRun() {
    String notes = HelmChart.render().scenario("steps-in-other-namespace").notes();

    assertThat(notes)
        .contains("Steps run in namespace sluice-steps")
        .contains("steps-s3 with the object store keys must exist there too");
  }

  @Test
  void pointsAtTheIngressHostsWhenThereAreIngresses() {
    String notes = HelmChart.render().scenario("ingress-hpa-servicemonitor").notes();

    assertThat(notes)
        .contains("https://sluice-api.example.com/api/v1/pipelines")
        .contains("https://models.example.com/v2/models/<model>/infer")
        .doesNotContain("port-forward");
  }
}
