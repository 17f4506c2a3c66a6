package io.sluice.chart;

import static io.sluice.chart.HelmChart.COMPONENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With every TLS and SASL option on at once, no credential reaches a command line (where {@code ps}
 * and {@code /proc/<pid>/cmdline} show it) or a ConfigMap: each one is a secretKeyRef env entry,
 * and the one literal the chart builds, the JAAS line, holds only a {@code $(VAR)} reference to
 * one.
 */
class CredentialPlacementTest {

  /** Kafka: PKCS12 stores with passwords, mutual TLS; the chart builds the JAAS line. */
  private static final String PASSWORD_SECRETS =
      """
      kafka:
        tls:
          enabled: true
          truststore:
            secretName: kafka-truststore
            key: truststore.p12
            type: PKCS12
            passwordSecret: {name: kafka-truststore, key: password}
          keystore:
            secretName: kafka-client
            key: client.p12
            type: PKCS12
            passwordSecret: {name: kafka-client, key: password}
        sasl:
          enabled: true
          mechanism: SCRAM-SHA-512
          username: sluice
          passwordSecret: {name: kafka-sluice, key: password}
      """;

  /** Kafka: the whole JAAS line from a Secret (Strimzi's KafkaUser), the CA as PEM. */
  private static final String JAAS_SECRET =
      """
      kafka:
        tls:
          enabled: true
          truststore: {secretName: kafka-ca, key: ca.crt, type: PEM}
        sasl:
          enabled: true
          mechanism: SCRAM-SHA-512
          jaasConfigSecret: {name: kafka-user, key: sasl.jaas.config}
      """;

  /** PostgreSQL verify-full, MinIO and the OIDC provider behind private CAs, own database users. */
  private static final String OTHER_TLS =
      """
      postgres:
        tls:
          enabled: true
          sslMode: verify-full
          ca: {secretName: pg-ca, key: ca.crt}
      minio:
        endpoint: https://minio.storage.svc:9000
        tls:
          ca: {secretName: minio-ca, key: ca.crt}
      auth:
        tls:
          ca: {secretName: sso-ca, key: ca.crt}
      registry:
        postgres:
          credentialsSecret: {name: pg-registry, usernameKey: user, passwordKey: pass}
      """;

  /** Names of env vars that hold a credential. */
  private static final Pattern CREDENTIAL =
      Pattern.compile("(PASSWORD|JAAS_CONFIG|SECRET_KEY|ACCESS_KEY|TOKEN|USERNAME)$");

  /** What must never appear on a command line. */
  private static final Pattern ON_A_COMMAND_LINE =
      Pattern.compile(
          "(?i)password|passwd|jaas|loginmodule|secret.?key|access.?key|token|\\$\\([A-Z_]*\\)");

  static Stream<String> kafkaCredentials() {
    return Stream.of("PASSWORD_SECRETS", "JAAS_SECRET");
  }

  private static Manifests everythingOn(String kafka) {
    return HelmChart.render()
        .values(kafka.equals("JAAS_SECRET") ? JAAS_SECRET : PASSWORD_SECRETS)
        .values(OTHER_TLS)
        .manifests();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kafkaCredentials")
  void noContainerCommandOrArgumentCarriesACredential(String kafka) {
    Manifests manifests = everythingOn(kafka);
    List<String> offending = new ArrayList<>();

    for (Container container : containers(manifests)) {
      Stream.concat(listOrEmpty(container.getCommand()), listOrEmpty(container.getArgs()))
          .filter(word -> ON_A_COMMAND_LINE.matcher(word).find())
          .forEach(word -> offending.add(container.getName() + ": " + word));
    }
    for (String component : COMPONENTS) {
      Container container = manifests.container(component);
      assertThat(container.getCommand()).as(component).isEmpty();
      assertThat(container.getArgs()).as(component).isEmpty();
    }
    assertThat(offending).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kafkaCredentials")
  void everyCredentialIsASecretKeyReference(String kafka) {
    Manifests manifests = everythingOn(kafka);
    List<String> expected =
        kafka.equals("JAAS_SECRET")
            ? List.of("KAFKA_SASL_JAAS_CONFIG")
            : List.of(
                "SLUICE_KAFKA_SASL_PASSWORD",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD",
                "KAFKA_SSL_KEYSTORE_PASSWORD");

    for (String component : COMPONENTS) {
      List<EnvVar> env = manifests.container(component).getEnv();
      List<String> fromSecrets =
          env.stream()
              .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
              .map(EnvVar::getName)
              .toList();
      assertThat(fromSecrets)
          .as(component)
          .contains("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")
          .contains("SLUICE_S3_ACCESS_KEY", "SLUICE_S3_SECRET_KEY")
          .containsAll(expected);
      for (EnvVar entry : env) {
        if (CREDENTIAL.matcher(entry.getName()).find() && !fromSecrets.contains(entry.getName())) {
          assertThat(entry.getName()).as(component).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
          assertThat(entry.getValue())
              .as(component)
              .endsWith(" password=\"$(SLUICE_KAFKA_SASL_PASSWORD)\";");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kafkaCredentials")
  void noConfigMapAndNoLiteralEnvValueHoldsAPassword(String kafka) {
    Manifests manifests = everythingOn(kafka);
    Pattern password =
        Pattern.compile("(?i)password\\s*+=\\s*+\"?+(?!\\$\\(SLUICE_KAFKA_SASL_PASSWORD\\))");

    for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
      configMap
          .getData()
          .forEach(
              (key, value) -> {
                assertThat(key).as(configMap.getMetadata().getName()).doesNotMatch(CREDENTIAL);
                assertThat(value).as(key).doesNotContainPattern("(?i)password|jaas");
              });
    }
    for (Container container : containers(manifests)) {
      for (EnvVar entry : listOrEmpty(container.getEnv()).toList()) {
        if (entry.getValue() != null) {
          assertThat(entry.getValue()).as(entry.getName()).doesNotContainPattern(password);
        }
      }
    }
  }

  /** Every container of every pod the chart renders: Deployments and the helm test pod. */
  private static List<Container> containers(Manifests manifests) {
    List<PodSpec> pods = new ArrayList<>();
    manifests.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    manifests.all(Pod.class).forEach(p -> pods.add(p.getSpec()));
    assertThat(pods).hasSize(COMPONENTS.size() + 1);
    List<Container> containers = new ArrayList<>();
    for (PodSpec pod : pods) {
      containers.addAll(pod.getContainers());
      containers.addAll(listOrEmpty(pod.getInitContainers()).toList());
    }
    return containers;
  }

  private static <T> Stream<T> listOrEmpty(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
  }
}
