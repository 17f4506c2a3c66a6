package io.sluice.chart;

import static io.sluice.chart.HelmChart.NAMESPACE;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Least privilege: each service gets exactly the Kubernetes permissions it needs, no more. */
class RbacTest {

  /** A rule as one comparable line: groups | resources [names] | verbs (each sorted). */
  private static Set<String> rules(Role role) {
    return role.getRules().stream().map(RbacTest::line).collect(Collectors.toSet());
  }

  private static String line(PolicyRule rule) {
    assertThat(rule.getNonResourceURLs()).isEmpty();
    List<String> names = rule.getResourceNames();
    return String.join(",", rule.getApiGroups().stream().sorted().toList())
        + " | "
        + String.join(",", rule.getResources().stream().sorted().toList())
        + (names.isEmpty() ? "" : " " + names.stream().sorted().toList())
        + " | "
        + String.join(",", rule.getVerbs().stream().sorted().toList());
  }

  private static final Set<String> LAUNCHER_RULES =
      Set.of(
          "batch | jobs | create,delete,get,list,watch",
          " | pods | get,list,watch",
          " | pods/log | get");

  @Test
  void launcherManagesJobsAndReadsPodsAndLogsInTheReleaseNamespaceByDefault() {
    Manifests manifests = HelmChart.render().manifests();
    Role role = manifests.get(Role.class, name("trainer-launcher"));

    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rules(role)).isEqualTo(LAUNCHER_RULES);
    assertBoundTo(manifests, "trainer-launcher", NAMESPACE);
    assertThat(manifests.config("trainer-launcher"))
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_NAMESPACE", NAMESPACE);
  }

  @Test
  void launcherRoleGoesToTheStepsNamespaceWhenStepsRunElsewhere() {
    Manifests manifests = HelmChart.render().scenario("steps-in-other-namespace").manifests();
    Role role = manifests.get(Role.class, name("trainer-launcher"));

    assertThat(role.getMetadata().getNamespace()).isEqualTo("sluice-steps");
    assertThat(rules(role)).isEqualTo(LAUNCHER_RULES);
    assertBoundTo(manifests, "trainer-launcher", "sluice-steps");
    assertThat(manifests.all(Role.class))
        .filteredOn(r -> r.getMetadata().getNamespace().equals(NAMESPACE))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(name("serving-gateway"));
    assertThat(manifests.config("trainer-launcher"))
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_NAMESPACE", "sluice-steps");
  }

  @Test
  void gatewayMayOnlyGetCreateAndUpdateLeases() {
    Manifests manifests = HelmChart.render().manifests();
    Role role = manifests.get(Role.class, name("serving-gateway"));

    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rules(role))
        .containsExactlyInAnyOrder(
            "coordination.k8s.io | leases | create",
            "coordination.k8s.io | leases [sluice-serving-gateway-rollouts] | get,update");
    assertBoundTo(manifests, "serving-gateway", NAMESPACE);
    assertThat(manifests.pod("serving-gateway").getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  void gatewayElectsItsRolloutDriverThroughTheLeaseItsRoleNames() {
    Manifests manifests =
        HelmChart.render().set("servingGateway.leaderElection.leaseName", "rollouts").manifests();

    assertThat(manifests.config("serving-gateway"))
        .containsEntry("SLUICE_GATEWAY_LEADERSHIP_MODE", "kubernetes")
        .containsEntry("SLUICE_GATEWAY_LEADERSHIP_KUBERNETES_LEASE_NAME", "rollouts");
    assertThat(rules(manifests.get(Role.class, name("serving-gateway"))))
        .contains("coordination.k8s.io | leases [rollouts] | get,update");
  }

  @Test
  void gatewayWithoutLeaderElectionFallsBackToTheDatabase() {
    Manifests manifests = HelmChart.render().scenario("minimal").manifests();

    assertThat(manifests.config("serving-gateway"))
        .doesNotContainKeys(
            "SLUICE_GATEWAY_LEADERSHIP_MODE", "SLUICE_GATEWAY_LEADERSHIP_KUBERNETES_LEASE_NAME");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Rollouts", "roll_outs", "-rollouts", "rollouts-"})
  void refusesALeaseNameKubernetesWouldRefuse(String leaseName) {
    assertThatThrownBy(
            () ->
                HelmChart.render().set("servingGateway.leaderElection.leaseName", leaseName).yaml())
        .hasMessageContaining("leaseName");
  }

  @Test
  void gatewayWithoutLeaderElectionGetsNoRoleAndNoToken() {
    Manifests manifests = HelmChart.render().scenario("minimal").manifests();

    assertThat(manifests.find(Role.class, name("serving-gateway"))).isEmpty();
    assertThat(manifests.find(RoleBinding.class, name("serving-gateway"))).isEmpty();
    assertThat(manifests.pod("serving-gateway").getAutomountServiceAccountToken()).isFalse();
    assertThat(
            manifests
                .get(ServiceAccount.class, name("serving-gateway"))
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void onlyTheLauncherAndTheGatewayAreBoundToAnything() {
    Manifests manifests = HelmChart.render().manifests();

    assertThat(manifests.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(name("trainer-launcher"), name("serving-gateway"));
    assertThat(manifests.all(RoleBinding.class))
        .flatExtracting(RoleBinding::getSubjects)
        .extracting(Subject::getName)
        .containsExactlyInAnyOrder(name("trainer-launcher"), name("serving-gateway"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "orchestrator", "registry"})
  void servicesWithoutKubernetesAccessGetNoApiToken(String component) {
    Manifests manifests = HelmChart.render().manifests();

    assertThat(
            manifests.get(ServiceAccount.class, name(component)).getAutomountServiceAccountToken())
        .isFalse();
    assertThat(manifests.pod(component).getAutomountServiceAccountToken()).isFalse();
    assertThat(manifests.pod(component).getServiceAccountName()).isEqualTo(name(component));
  }

  @Test
  void launcherGetsItsApiToken() {
    Manifests manifests = HelmChart.render().manifests();

    assertThat(
            manifests
                .get(ServiceAccount.class, name("trainer-launcher"))
                .getAutomountServiceAccountToken())
        .isTrue();
    assertThat(manifests.pod("trainer-launcher").getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  void refusesToBindTheNamespacesDefaultServiceAccount() {
    assertThatThrownBy(
            () -> HelmChart.render().set("trainerLauncher.serviceAccount.create", "false").yaml())
        .hasMessageContaining(
            "trainerLauncher.serviceAccount.name must name an existing service account when create"
                + " is false");
  }

  @Test
  void bindsAnExistingServiceAccountByName() {
    Manifests manifests =
        HelmChart.render()
            .set("trainerLauncher.serviceAccount.create", "false")
            .set("trainerLauncher.serviceAccount.name", "launcher-sa")
            .manifests();

    assertThat(manifests.find(ServiceAccount.class, "launcher-sa")).isEmpty();
    assertThat(manifests.get(RoleBinding.class, name("trainer-launcher")).getSubjects())
        .extracting(Subject::getName)
        .containsExactly("launcher-sa");
    assertThat(manifests.pod("trainer-launcher").getServiceAccountName()).isEqualTo("launcher-sa");
  }

  private static void assertBoundTo(Manifests manifests, String component, String namespace) {
    RoleBinding binding = manifests.get(RoleBinding.class, name(component));
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(name(component));
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    List<Subject> subjects = binding.getSubjects();
    assertThat(subjects).hasSize(1);
    assertThat(subjects.get(0).getKind()).isEqualTo("ServiceAccount");
    assertThat(subjects.get(0).getName()).isEqualTo(name(component));
    // The service account lives in the release namespace, wherever the Role is.
    assertThat(subjects.get(0).getNamespace()).isEqualTo(NAMESPACE);
  }
}
