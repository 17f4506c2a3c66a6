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
        .contains("curl -H \"Authorization: Bearer $TOKEN\" http://localhost:8082/api/v1/pipelines")
        .contains(
            "$TOKEN: an access token from https://sso.example.com/realms/sluice with roles in its"
                + " \"groups\" claim.")
        .contains("Step images allowed (steps.allowedImages): ghcr.io/sluice/*.")
        .doesNotContain("Steps run in namespace")
        .doesNotContain("AUTHENTICATION IS OFF")
        .doesNotContain("Open to anyone without a token")
        .doesNotContain("any image");
    assertThat(notes.lines().count()).isLessThan(25);
  }

  @Test
  void warnsLoudlyWhenAuthenticationIsOff() {
    String notes = HelmChart.chartDefaults().scenario("auth-disabled").notes();

    assertThat(notes)
        .contains("WARNING: AUTHENTICATION IS OFF (auth.enabled=false).")
        .contains("Anyone who reaches a service can register datasets and pipelines, run steps")
        .contains("curl http://localhost:8082/api/v1/pipelines")
        .doesNotContain("Bearer")
        .contains("Step images allowed (steps.allowedImages): *.")
        .contains("\"*\" lets steps run any image: for development only.");
    assertThat(notes.indexOf("AUTHENTICATION IS OFF")).isLessThan(notes.indexOf("1. Wait"));
  }

  @Test
  void namesTheModelsOpenToAnyoneAndADigestOnlyAllowList() {
    String notes =
        HelmChart.render()
            .scenario("steps-in-other-namespace")
            .set("servingGateway.openModels[0]", "iris-classifier")
            .notes();

    assertThat(notes)
        .contains("Open to anyone without a token (servingGateway.openModels): iris-classifier.")
        .contains(
            "Step images allowed (steps.allowedImages): registry.example.internal:5000/ml/*,"
                + " nvcr.io/nvidia/pytorch, pinned by digest only.");
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
