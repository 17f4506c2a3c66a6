package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser the chart tests rely on refuses what an API server with strict validation would. */
class StrictKubernetesYamlTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo
        annotations:
          prometheus.io/port: %s
      spec:
        selector:
          matchLabels: {app: demo}
        template:
          metadata:
            labels: {app: demo}
          spec:
            containers:
              - name: demo
                image: demo:1
                %s: IfNotPresent
                ports:
                  - {name: http, containerPort: 8080}
      """;

  @Test
  void readsAWellFormedDeploymentIntoItsTypedModel() {
    List<?> objects =
        StrictKubernetesYaml.parseAll(DEPLOYMENT.formatted("\"8080\"", "imagePullPolicy"));

    assertThat(objects).singleElement().isInstanceOf(Deployment.class);
    Deployment deployment = (Deployment) objects.get(0);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0))
        .satisfies(c -> assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent"))
        .satisfies(c -> assertThat(c.getAdditionalProperties()).isEmpty());
  }

  @Test
  void refusesAMisspeltField() {
    assertThatThrownBy(
            () -> StrictKubernetesYaml.parseAll(DEPLOYMENT.formatted("\"8080\"", "imagePulPolicy")))
        .hasMessageContaining("imagePulPolicy");
  }

  @Test
  void refusesANumberWhereKubernetesWantsAString() {
    assertThatThrownBy(
            () -> StrictKubernetesYaml.parseAll(DEPLOYMENT.formatted("8080", "imagePullPolicy")))
        .hasMessageContaining("prometheus.io/port");
  }

  @Test
  void refusesAKindTheChartMustNotRender() {
    String secret =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        stringData: {password: hunter2}
        """;

    assertThatThrownBy(() -> StrictKubernetesYaml.parseAll(secret))
        .hasMessage("the chart must not render a v1/Secret");
  }
}
