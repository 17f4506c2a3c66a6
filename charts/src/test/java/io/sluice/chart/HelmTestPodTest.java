package io.sluice.chart;

import static io.sluice.chart.HelmChart.COMPONENTS;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code helm test}: one pod that asks every service's /q/health/ready through its Service. */
class HelmTestPodTest {

  @Test
  void isAHelmTestHookDeletedWhenItSucceeds() throws Exception {
    String template = Files.readString(HelmChart.SOURCE.resolve("templates/tests/ready.yaml"));

    assertThat(template)
        .contains("helm.sh/hook: test")
        .contains("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded");
  }

  @Test
  void checksEveryServiceIsReadyThroughItsService() {
    Pod pod = HelmChart.render().manifests().get(Pod.class, name("test") + "-ready");
    Container container = pod.getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("busybox:1.37.0");
    assertThat(container.getCommand()).containsExactly("/bin/sh", "-c");
    List<String> args = container.getArgs();
    assertThat(args.get(0)).contains("wget -q -T 5 -O /dev/null \"$url\"").contains("-ge 30 ]");
    assertThat(args.subList(1, args.size()))
        .containsExactlyElementsOf(
            List.of(
                "sluice-ready",
                "http://sluice-ingest:8080/q/health/ready",
                "http://sluice-orchestrator:8080/q/health/ready",
                "http://sluice-registry:8080/q/health/ready",
                "http://sluice-serving-gateway:8080/q/health/ready",
                "http://sluice-trainer-launcher:8080/q/health/ready"));
    assertThat(args).hasSize(COMPONENTS.size() + 2);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void isHardenedLikeTheServices() {
    Pod pod = HelmChart.render().manifests().get(Pod.class, name("test") + "-ready");
    Container container = pod.getSpec().getContainers().get(0);

    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65534L);
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void theTestImageComesFromValuesAndADigestWins() {
    Pod pod =
        HelmChart.render()
            .values(
                """
                tests:
                  image:
                    registry: mirror.example.internal
                    repository: library/busybox
                    digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
                  attempts: 5
                """)
            .manifests()
            .get(Pod.class, name("test") + "-ready");

    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getImage())
        .isEqualTo(
            "mirror.example.internal/library/busybox@sha256:"
                + "1111111111111111111111111111111111111111111111111111111111111111");
    assertThat(container.getArgs().get(0)).contains("-ge 5 ]");
  }

  @Test
  void canBeLeftOut() {
    assertThat(HelmChart.render().set("tests.enabled", "false").manifests().all(Pod.class))
        .isEmpty();
  }
}
