package io.sluice.chart;

import static io.sluice.chart.ConnectionSettingsTest.mount;
import static io.sluice.chart.ConnectionSettingsTest.volume;
import static io.sluice.chart.HelmChart.COMPONENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens on every service (auth.*), the step image allow-list on orchestrator and
 * trainer-launcher (steps.*), and the gateway's open models (servingGateway.openModels).
 */
class SecuritySettingsTest {

  private static final List<String> IMAGE_CHECKERS = List.of("orchestrator", "trainer-launcher");

  @Test
  void everyServiceChecksTokensFromTheConfiguredProvider() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .as(component)
          .containsEntry("SLUICE_SECURITY_ENABLED", "true")
          .containsEntry("MP_JWT_VERIFY_ISSUER", "https://sso.example.com/realms/sluice")
          .containsEntry(
              "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
              "https://sso.example.com/realms/sluice/protocol/openid-connect/certs")
          .containsEntry("SMALLRYE_JWT_PATH_GROUPS", "groups")
          .doesNotContainKeys(
              "MP_JWT_VERIFY_AUDIENCES", "SMALLRYE_JWT_CLIENT_TLS_CERTIFICATE_PATH");
      assertThat(manifests.pod(component).getVolumes())
          .extracting(Volume::getName)
          .doesNotContain("oidc-tls");
    }
  }

  @Test
  void keycloakRealmRolesAudienceAndPrivateCaReachEveryService() {
    Manifests manifests = HelmChart.render().scenario("kafka-sasl-tls").manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .as(component)
          .containsEntry("MP_JWT_VERIFY_ISSUER", "https://sso.example.internal/realms/mlops")
          .containsEntry("SMALLRYE_JWT_PATH_GROUPS", "realm_access/roles")
          .containsEntry("MP_JWT_VERIFY_AUDIENCES", "sluice")
          .containsEntry("SMALLRYE_JWT_CLIENT_TLS_CERTIFICATE_PATH", "/etc/sluice/oidc-tls/ca.crt");
      VolumeProjection source =
          volume(manifests.pod(component), "oidc-tls").getProjected().getSources().get(0);
      assertThat(source.getSecret().getName()).isEqualTo("sso-ca");
      assertThat(source.getSecret().getItems().get(0).getKey()).isEqualTo("ca.crt");
      assertThat(source.getSecret().getItems().get(0).getPath()).isEqualTo("ca.crt");
      VolumeMount mount = mount(manifests.container(component), "oidc-tls");
      assertThat(mount.getMountPath()).isEqualTo("/etc/sluice/oidc-tls");
      assertThat(mount.getReadOnly()).isTrue();
    }
  }

  @Test
  void authOffSwitchesEveryServiceOffAndNamesNoProvider() {
    Manifests manifests =
        HelmChart.chartDefaults()
            .scenario("auth-disabled")
            .values(
                """
                auth:
                  tls:
                    ca: {secretName: sso-ca}
                """)
            .manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .as(component)
          .containsEntry("SLUICE_SECURITY_ENABLED", "false")
          .doesNotContainKeys(
              "MP_JWT_VERIFY_ISSUER",
              "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
              "SMALLRYE_JWT_PATH_GROUPS",
              "SMALLRYE_JWT_CLIENT_TLS_CERTIFICATE_PATH");
      assertThat(manifests.pod(component).getVolumes())
          .extracting(Volume::getName)
          .doesNotContain("oidc-tls");
    }
  }

  @Test
  void theChartsDefaultsRefuseToInstallWithoutAnOidcProvider() {
    assertThatThrownBy(() -> HelmChart.chartDefaults().yaml())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at '/auth/issuer': minLength: got 0, want 1");
  }

  @Test
  void refusesAnIssuerWithoutAJwksUrl() {
    assertThatThrownBy(
            () ->
                HelmChart.chartDefaults()
                    .set("auth.issuer", "https://sso.example.com/realms/sluice")
                    .yaml())
        .hasMessageContaining("at '/auth/jwksUrl': minLength: got 0, want 1");
  }

  @Test
  void refusesAJwksLocationThatIsNotAnHttpUrl() {
    assertThatThrownBy(() -> HelmChart.render().set("auth.jwksUrl", "/etc/sluice/jwks.json").yaml())
        .hasMessageContaining("at '/auth/jwksUrl'");
  }

  @Test
  void withoutTheSchemaTheTemplatesStillRefuseAMissingProvider() {
    assertThatThrownBy(() -> HelmChart.chartDefaults().withoutSchema().yaml())
        .hasMessageContaining(
            "auth.enabled needs auth.issuer and auth.jwksUrl, your OIDC provider's issuer and"
                + " JWKS URL");
  }

  @Test
  void theStepImageAllowListReachesOrchestratorAndLauncherAlike() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : IMAGE_CHECKERS) {
      assertThat(manifests.config(component))
          .as(component)
          .containsEntry("SLUICE_IMAGES_ALLOWED", "ghcr.io/sluice/*")
          .containsEntry("SLUICE_IMAGES_DIGESTS_ONLY", "false");
    }
    for (String component : List.of("ingest", "registry", "serving-gateway")) {
      assertThat(manifests.config(component))
          .as(component)
          .doesNotContainKeys("SLUICE_IMAGES_ALLOWED", "SLUICE_IMAGES_DIGESTS_ONLY");
    }
  }

  @Test
  void aSiteAllowListPinnedByDigestIsJoinedWithCommasForBoth() {
    Manifests manifests = HelmChart.render().scenario("steps-in-other-namespace").manifests();

    for (String component : IMAGE_CHECKERS) {
      assertThat(manifests.config(component))
          .as(component)
          .containsEntry(
              "SLUICE_IMAGES_ALLOWED", "registry.example.internal:5000/ml/*,nvcr.io/nvidia/pytorch")
          .containsEntry("SLUICE_IMAGES_DIGESTS_ONLY", "true");
    }
  }

  @Test
  void refusesAnEmptyAllowList() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        steps:
                          allowedImages: []
                        """)
                    .yaml())
        .hasMessageContaining("at '/steps/allowedImages': minItems");
  }

  @Test
  void refusesAllowListEntriesTheServicesCannotRead() {
    for (String entry :
        List.of("busybox:1.37.0", "ghcr.io/sluice/*/steps", "a,b", "ghcr.io/x@sha256:ab", " ")) {
      assertThatThrownBy(
              () ->
                  HelmChart.render()
                      .values("steps:\n  allowedImages: [\"" + entry + "\"]\n")
                      .yaml())
          .as(entry)
          .hasMessageContaining("at '/steps/allowedImages/0'");
    }
  }

  @Test
  void acceptsRepositoriesPrefixesRegistriesWithPortsAndTheWildcard() {
    String yaml =
        HelmChart.render()
            .values(
                """
                steps:
                  allowedImages:
                    - python
                    - localhost:5000/*
                    - registry.example.internal:5000/ml/train
                    - "*"
                """)
            .yaml();

    assertThat(yaml)
        .contains(
            "SLUICE_IMAGES_ALLOWED: \"python,localhost:5000/*,"
                + "registry.example.internal:5000/ml/train,*\"");
  }

  @Test
  void openModelsReachOnlyTheGateway() {
    Manifests manifests =
        HelmChart.render()
            .values(
                """
                servingGateway:
                  openModels: [iris-classifier, fraud.v2]
                """)
            .manifests();

    assertThat(manifests.config("serving-gateway"))
        .containsEntry("SLUICE_GATEWAY_OPEN_MODELS", "iris-classifier,fraud.v2");
    assertThat(manifests.config("registry")).doesNotContainKey("SLUICE_GATEWAY_OPEN_MODELS");
    assertThat(HelmChart.render().manifests().config("serving-gateway"))
        .as("no model is open by default")
        .doesNotContainKey("SLUICE_GATEWAY_OPEN_MODELS");
  }

  @Test
  void refusesAnOpenModelNameTheRegistryWouldRefuse() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        servingGateway:
                          openModels: ["Iris Classifier"]
                        """)
                    .yaml())
        .hasMessageContaining("at '/servingGateway/openModels/0'");
  }
}
