package io.sluice.chart;

import static io.sluice.chart.HelmChart.COMPONENTS;
import static io.sluice.chart.HelmChart.NAMESPACE;
import static io.sluice.chart.HelmChart.RELEASE;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What must hold for the default values and for every ci/*-values.yaml scenario: every object
 * parses strictly into its typed model, carries the common labels, and every service is hardened,
 * probed, and given credentials only through Secret references.
 */
class EveryRenderTest {

  /** Env var names that hold a credential. */
  static final Pattern CREDENTIAL =
      Pattern.compile("(PASSWORD|JAAS_CONFIG|SECRET_KEY|ACCESS_KEY|TOKEN)$");

  static Stream<String> renders() {
    return Stream.concat(Stream.of("default"), HelmChart.scenarios().stream());
  }

  /** The defaults (with the test provider), or one ci file alone: each must render on its own. */
  private static Manifests manifests(String scenario) {
    return scenario.equals("default")
        ? HelmChart.render().manifests()
        : HelmChart.chartDefaults().scenario(scenario).manifests();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void rendersEveryServiceWithItsDeploymentServiceAccountAndConfig(String scenario) {
    Manifests manifests = manifests(scenario);

    for (String component : COMPONENTS) {
      assertThat(manifests.find(Deployment.class, name(component))).isPresent();
      assertThat(manifests.find(Service.class, name(component))).isPresent();
      assertThat(manifests.find(ServiceAccount.class, name(component))).isPresent();
      assertThat(manifests.find(ConfigMap.class, name(component))).isPresent();
    }
    assertThat(manifests.all(Deployment.class)).hasSize(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyObjectCarriesTheCommonLabels(String scenario) {
    for (HasMetadata object : manifests(scenario).all()) {
      Map<String, String> labels = object.getMetadata().getLabels();
      String component = labels.get("app.kubernetes.io/component");
      assertThat(labels)
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .containsEntry("helm.sh/chart", "sluice-0.1.0")
          .containsEntry("app.kubernetes.io/name", "sluice-" + component)
          .containsEntry("app.kubernetes.io/instance", RELEASE)
          .containsEntry("app.kubernetes.io/version", "0.1.0-SNAPSHOT")
          .containsEntry("app.kubernetes.io/part-of", "sluice")
          .containsEntry("app.kubernetes.io/managed-by", "Helm");
      assertThat(object.getMetadata().getName()).startsWith(name(component));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void servicesAndBudgetsSelectExactlyTheirOwnPods(String scenario) {
    Manifests manifests = manifests(scenario);
    for (String component : COMPONENTS) {
      Map<String, String> selector =
          Map.of(
              "app.kubernetes.io/name",
              "sluice-" + component,
              "app.kubernetes.io/instance",
              RELEASE);
      Deployment deployment = manifests.deployment(component);

      assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(selector)
          .containsEntry("app.kubernetes.io/component", component);
      assertThat(manifests.get(Service.class, name(component)).getSpec().getSelector())
          .isEqualTo(selector);
      assertThat(
              manifests
                  .get(PodDisruptionBudget.class, name(component))
                  .getSpec()
                  .getSelector()
                  .getMatchLabels())
          .isEqualTo(selector);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everythingLivesInTheReleaseNamespaceButTheStepsRbac(String scenario) {
    for (HasMetadata object : manifests(scenario).all()) {
      boolean stepsRbac =
          (object instanceof Role || object instanceof RoleBinding)
              && object.getMetadata().getName().equals(name("trainer-launcher"));
      if (!stepsRbac) {
        assertThat(object.getMetadata().getNamespace())
            .as("%s %s", object.getKind(), object.getMetadata().getName())
            .isEqualTo(NAMESPACE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void podsAreHardened(String scenario) {
    Manifests manifests = manifests(scenario);
    for (String component : COMPONENTS) {
      PodSpec pod = manifests.pod(component);
      Container container = manifests.container(component);

      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getEnableServiceLinks()).as("service links off").isFalse();
      assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getSecurityContext().getPrivileged()).isNull();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(container.getSecurityContext().getCapabilities().getAdd()).isEmpty();
      assertThat(container.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getVolumes())
          .filteredOn(v -> v.getName().equals("tmp"))
          .singleElement()
          .extracting(Volume::getEmptyDir)
          .isNotNull();
      assertThat(container.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo("tmp");
                assertThat(m.getMountPath()).isEqualTo("/tmp");
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void everyServiceListensOn8080AndIsProbedOnQuarkusHealth(String scenario) {
    Manifests manifests = manifests(scenario);
    for (String component : COMPONENTS) {
      Container container = manifests.container(component);

      assertThat(manifests.config(component)).containsEntry("QUARKUS_HTTP_PORT", "8080");
      assertThat(container.getPorts())
          .singleElement()
          .satisfies(p -> assertThat(p.getName()).isEqualTo("http"))
          .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
      assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
      assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");
      assertHttpProbe(container.getStartupProbe(), "/q/health/live");
      assertThat(container.getEnvFrom())
          .singleElement()
          .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(name(component)));
    }
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void credentialsComeOnlyFromSecretReferences(String scenario) {
    Manifests manifests = manifests(scenario);
    for (String component : COMPONENTS) {
      for (String name :
          List.of(
              "QUARKUS_DATASOURCE_USERNAME",
              "QUARKUS_DATASOURCE_PASSWORD",
              "SLUICE_S3_ACCESS_KEY",
              "SLUICE_S3_SECRET_KEY")) {
        EnvVar env = manifests.env(component, name);
        assertThat(env.getValue()).as("%s %s", component, name).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isNotBlank();
      }
      for (EnvVar env : manifests.container(component).getEnv()) {
        if (CREDENTIAL.matcher(env.getName()).find()) {
          assertSecretBacked(manifests, component, env);
        }
      }
    }
  }

  private static void assertSecretBacked(Manifests manifests, String component, EnvVar env) {
    if (env.getValueFrom() != null) {
      assertThat(env.getValueFrom().getSecretKeyRef())
          .as("%s %s", component, env.getName())
          .isNotNull();
      return;
    }
    // The only literal allowed: a JAAS line whose password Kubernetes expands from a Secret.
    assertThat(env.getName()).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
    assertThat(env.getValue()).contains("password=\"$(SLUICE_KAFKA_SASL_PASSWORD)\"");
    assertThat(
            manifests.env(component, "SLUICE_KAFKA_SASL_PASSWORD").getValueFrom().getSecretKeyRef())
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void noConfigMapHoldsACredential(String scenario) {
    List<String> offending = new ArrayList<>();
    for (ConfigMap configMap : manifests(scenario).all(ConfigMap.class)) {
      configMap
          .getData()
          .forEach(
              (key, value) -> {
                if (CREDENTIAL.matcher(key).find()
                    || value.toLowerCase().matches("(?s).*(password\\s*=|jaas).*")) {
                  offending.add(configMap.getMetadata().getName() + ":" + key);
                }
              });
    }
    assertThat(offending).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void rendersNoSecretAndNothingClusterWide(String scenario) {
    assertThat(manifests(scenario).all())
        .extracting(HasMetadata::getKind)
        .doesNotContain("Secret", "ClusterRole", "ClusterRoleBinding")
        .allSatisfy(
            kind ->
                assertThat(StrictKubernetesYaml.KINDS.keySet())
                    .anySatisfy(k -> assertThat(k).endsWith("/" + kind)));
    assertThat(manifests(scenario).all(RoleBinding.class))
        .allSatisfy(b -> assertThat(b.getRoleRef().getKind()).isEqualTo("Role"));
  }
}
