package io.sluice.chart;

import static io.sluice.chart.HelmChart.COMPONENTS;
import static io.sluice.chart.HelmChart.NAMESPACE;
import static io.sluice.chart.HelmChart.RELEASE;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Images, replicas, disruption budgets, metrics, Ingresses and the gateway's autoscaler. */
class OptionsTest {

  @Test
  void defaultsAreOneReplicaOfEachImageButTwoGatewaysEachWithABudgetOfOne() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.container(component).getImage())
          .isEqualTo("sluice/" + component + ":0.1.0-SNAPSHOT");
      assertThat(manifests.container(component).getImagePullPolicy()).isEqualTo("IfNotPresent");
      assertThat(manifests.deployment(component).getSpec().getReplicas())
          .isEqualTo(component.equals("serving-gateway") ? 2 : 1);
      PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, name(component));
      assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
      assertThat(budget.getSpec().getMinAvailable()).isNull();
      assertThat(manifests.container(component).getResources().getLimits())
          .containsKey("memory")
          .doesNotContainKey("cpu");
    }
    assertThat(manifests.container("serving-gateway").getResources().getLimits().get("memory"))
        .isEqualTo(new Quantity("2Gi"));
    assertThat(manifests.config("serving-gateway"))
        .containsEntry(
            "JAVA_OPTS",
            "-XX:MaxRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC");
  }

  @Test
  void everyServiceRunsInAUtf8LocaleSoNonAsciiObjectKeysKeepTheirNames() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component)).as(component).containsEntry("LANG", "C.UTF-8");
    }
  }

  @Test
  void podsCarryPrometheusScrapeAnnotationsByDefault() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : COMPONENTS) {
      assertThat(
              manifests
                  .deployment(component)
                  .getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations())
          .containsEntry("prometheus.io/scrape", "true")
          .containsEntry("prometheus.io/path", "/q/metrics")
          .containsEntry("prometheus.io/port", "8080");
    }
    assertThat(manifests.all(ServiceMonitor.class)).isEmpty();
    assertThat(manifests.all(Ingress.class)).isEmpty();
    assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
  }

  @Test
  void aServiceMonitorScrapesTheFiveServicesInsteadOfAnnotations() {
    Manifests manifests = HelmChart.render().scenario("ingress-hpa-servicemonitor").manifests();
    ServiceMonitor monitor = manifests.get(ServiceMonitor.class, name("metrics"));

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of("app.kubernetes.io/instance", RELEASE, "app.kubernetes.io/part-of", "sluice"));
    assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).containsExactly(NAMESPACE);
    Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
    assertThat(endpoint.getPort()).isEqualTo("http");
    assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
    assertThat(endpoint.getInterval()).isEqualTo("15s");
    for (String component : COMPONENTS) {
      assertThat(
              manifests
                  .deployment(component)
                  .getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations())
          .doesNotContainKey("prometheus.io/scrape");
      assertThat(manifests.get(Service.class, name(component)).getMetadata().getLabels())
          .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void theApiIngressRoutesEachPathToTheServiceThatOwnsIt() {
    Ingress ingress =
        HelmChart.render()
            .scenario("ingress-hpa-servicemonitor")
            .manifests()
            .get(Ingress.class, name("api"));

    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getSecretName()).isEqualTo("sluice-api-tls");
              assertThat(tls.getHosts()).containsExactly("sluice-api.example.com");
            });
    IngressRule rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("sluice-api.example.com");
    assertThat(routes(rule))
        .isEqualTo(
            Map.of(
                "/api/v1/datasets", name("ingest") + ":8080",
                "/api/v1/pipelines", name("orchestrator") + ":8080",
                "/api/v1/runs", name("orchestrator") + ":8080",
                "/api/v1/models", name("registry") + ":8080"));
    assertThat(rule.getHttp().getPaths())
        .extracting(HTTPIngressPath::getPathType)
        .containsOnly("Prefix");
  }

  @Test
  void theGatewayIngressRoutesInferenceToTheGateway() {
    Ingress ingress =
        HelmChart.render()
            .scenario("ingress-hpa-servicemonitor")
            .manifests()
            .get(Ingress.class, name("gateway"));

    IngressRule rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("models.example.com");
    assertThat(routes(rule)).isEqualTo(Map.of("/v2", name("serving-gateway") + ":8080"));
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("models-tls");
  }

  private static Map<String, String> routes(IngressRule rule) {
    return rule.getHttp().getPaths().stream()
        .collect(
            Collectors.toMap(
                HTTPIngressPath::getPath,
                p ->
                    p.getBackend().getService().getName()
                        + ":"
                        + p.getBackend().getService().getPort().getNumber()));
  }

  @Test
  void theGatewayScalesWithAnAutoscalerThatOwnsItsReplicaCount() {
    Manifests manifests = HelmChart.render().scenario("ingress-hpa-servicemonitor").manifests();
    HorizontalPodAutoscaler hpa =
        manifests.get(HorizontalPodAutoscaler.class, name("serving-gateway"));

    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name("serving-gateway"));
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getMetrics())
        .extracting(MetricSpec::getResource)
        .extracting(r -> r.getName() + "=" + r.getTarget().getAverageUtilization())
        .containsExactly("cpu=60", "memory=80");
    assertThat(manifests.deployment("serving-gateway").getSpec().getReplicas()).isNull();
    assertThat(manifests.deployment("orchestrator").getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void budgetsTakeANumberOrAPercentage() {
    Manifests manifests = HelmChart.render().scenario("ingress-hpa-servicemonitor").manifests();

    PodDisruptionBudget gateway = manifests.get(PodDisruptionBudget.class, name("serving-gateway"));
    assertThat(gateway.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
    assertThat(gateway.getSpec().getMaxUnavailable()).isNull();
    assertThat(
            manifests
                .get(PodDisruptionBudget.class, name("orchestrator"))
                .getSpec()
                .getMaxUnavailable())
        .isEqualTo(new IntOrString("50%"));
  }

  @Test
  void aBudgetCanBeTurnedOff() {
    Manifests manifests =
        HelmChart.render().set("registry.podDisruptionBudget.enabled", "false").manifests();

    assertThat(manifests.find(PodDisruptionBudget.class, name("registry"))).isEmpty();
    assertThat(manifests.find(PodDisruptionBudget.class, name("ingest"))).isPresent();
  }
}
