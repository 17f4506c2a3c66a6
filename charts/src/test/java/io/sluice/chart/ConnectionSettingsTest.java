package io.sluice.chart;

import static io.sluice.chart.HelmChart.COMPONENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka, MinIO and PostgreSQL settings reach every service as the env vars it reads. */
class ConnectionSettingsTest {

  @Test
  void defaultsPointEveryServiceAtPlaintextKafkaMinioAndPostgres() {
    Manifests manifests = HelmChart.render().manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-bootstrap:9092")
          .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
          .containsEntry("SLUICE_EVENTING_TOPICS_CREATE", "true")
          .containsEntry("SLUICE_EVENTING_TOPICS_PARTITIONS", "3")
          .containsEntry("SLUICE_EVENTING_TOPICS_REPLICATION_FACTOR", "3")
          .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/sluice")
          .containsEntry("SLUICE_S3_ENDPOINT", "http://minio:9000")
          .containsEntry("SLUICE_S3_REGION", "us-east-1")
          .doesNotContainKeys(
              "KAFKA_SASL_MECHANISM",
              "KAFKA_SSL_TRUSTSTORE_LOCATION",
              "SLUICE_S3_TRUST_CERTIFICATES");
      assertSecretRef(
          manifests.env(component, "QUARKUS_DATASOURCE_USERNAME"), "sluice-postgres", "username");
      assertSecretRef(
          manifests.env(component, "QUARKUS_DATASOURCE_PASSWORD"), "sluice-postgres", "password");
      assertSecretRef(manifests.env(component, "SLUICE_S3_ACCESS_KEY"), "sluice-s3", "access-key");
      assertSecretRef(manifests.env(component, "SLUICE_S3_SECRET_KEY"), "sluice-s3", "secret-key");
      assertThat(manifests.pod(component).getVolumes())
          .extracting(Volume::getName)
          .containsExactly("tmp");
    }
  }

  @Test
  void ingestWiresBucketNotificationsAndOrchestratorKnowsTheArtifactsBucket() {
    Manifests manifests = HelmChart.render().manifests();

    assertThat(manifests.config("ingest"))
        .containsEntry("SLUICE_INGEST_BUCKET_NOTIFICATIONS_ENABLED", "true")
        .containsEntry(
            "SLUICE_INGEST_BUCKET_NOTIFICATIONS_TARGET_ARN", "arn:minio:sqs::sluice:kafka")
        .containsEntry("SLUICE_INGEST_NOTIFICATIONS_TOPIC", "minio.bucket.events");
    assertThat(manifests.config("orchestrator"))
        .containsEntry("SLUICE_ORCHESTRATOR_ARTIFACTS_BUCKET", "artifacts");
    assertThat(manifests.config("serving-gateway")).containsEntry("ORT_DISABLE_TELEMETRY", "1");
    assertThat(manifests.config("registry"))
        .doesNotContainKeys(
            "SLUICE_INGEST_NOTIFICATIONS_TOPIC", "SLUICE_ORCHESTRATOR_ARTIFACTS_BUCKET");
  }

  @Test
  void kafkaScramOverTlsTakesTheJaasLineFromItsSecretAndTrustsTheMountedCa() {
    Manifests manifests = HelmChart.render().scenario("kafka-sasl-tls").manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "data-kafka-bootstrap.kafka.svc:9093")
          .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
          .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
          .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/sluice/kafka-tls/ca.crt")
          .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
          .containsEntry("SLUICE_EVENTING_TOPICS_PARTITIONS", "6")
          .doesNotContainKeys("KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD");
      assertSecretRef(
          manifests.env(component, "KAFKA_SASL_JAAS_CONFIG"),
          "sluice-kafka-user",
          "sasl.jaas.config");
      assertThat(manifests.container(component).getEnv())
          .extracting(EnvVar::getName)
          .doesNotContain("KAFKA_SSL_TRUSTSTORE_PASSWORD", "SLUICE_KAFKA_SASL_PASSWORD");
      assertMountedFile(
          manifests,
          component,
          "kafka-tls",
          "/etc/sluice/kafka-tls",
          "data-cluster-ca-cert",
          "ca.crt");
    }
  }

  @Test
  void kafkaExtraConfigBecomesKafkaEnvVarsWithWholeNumbersKeptWhole() {
    Map<String, String> config =
        HelmChart.render().scenario("kafka-sasl-tls").manifests().config("orchestrator");

    assertThat(config)
        .containsEntry("KAFKA_REQUEST_TIMEOUT_MS", "30000")
        .containsEntry("KAFKA_MAX_REQUEST_SIZE", "10485760")
        .containsEntry("KAFKA_CLIENT_DNS_LOOKUP", "use_all_dns_ips");
  }

  @Test
  void kafkaPasswordIsExpandedFromItsSecretWhenTheChartBuildsTheJaasLine() {
    Manifests manifests = HelmChart.render().scenario("kafka-pkcs12-password").manifests();

    for (String component : COMPONENTS) {
      Container container = manifests.container(component);
      List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
      assertThat(manifests.config(component))
          .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
          .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
          .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/sluice/kafka-tls/truststore.p12")
          .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
          .containsEntry("KAFKA_SSL_KEYSTORE_LOCATION", "/etc/sluice/kafka-tls/client.p12")
          .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
      assertSecretRef(
          manifests.env(component, "SLUICE_KAFKA_SASL_PASSWORD"),
          "kafka-sluice-password",
          "password");
      assertThat(manifests.env(component, "KAFKA_SASL_JAAS_CONFIG").getValue())
          .isEqualTo(
              "org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\"sluice\" password=\"$(SLUICE_KAFKA_SASL_PASSWORD)\";");
      // Kubernetes expands $(VAR) only from variables defined before it.
      assertThat(names.indexOf("SLUICE_KAFKA_SASL_PASSWORD"))
          .isLessThan(names.indexOf("KAFKA_SASL_JAAS_CONFIG"));
      assertSecretRef(
          manifests.env(component, "KAFKA_SSL_TRUSTSTORE_PASSWORD"),
          "kafka-truststore",
          "password");
      assertSecretRef(
          manifests.env(component, "KAFKA_SSL_KEYSTORE_PASSWORD"), "kafka-client-cert", "password");
      Volume tls = volume(manifests.pod(component), "kafka-tls");
      assertThat(tls.getProjected().getSources())
          .extracting(s -> s.getSecret().getName() + "/" + s.getSecret().getItems().get(0).getKey())
          .containsExactly("kafka-truststore/truststore.p12", "kafka-client-cert/client.p12");
    }
  }

  @Test
  void postgresTlsGoesIntoTheJdbcUrlWithTheMountedCa() {
    Manifests manifests = HelmChart.render().scenario("kafka-sasl-tls").manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .containsEntry(
              "QUARKUS_DATASOURCE_JDBC_URL",
              "jdbc:postgresql://pg-rw.db.svc:5432/sluice?ApplicationName=sluice"
                  + "&sslmode=verify-full&sslrootcert=/etc/sluice/postgres-tls/root.crt");
      VolumeProjection source =
          volume(manifests.pod(component), "postgres-tls").getProjected().getSources().get(0);
      assertThat(source.getConfigMap().getName()).isEqualTo("pg-ca");
      assertThat(source.getConfigMap().getItems().get(0).getPath()).isEqualTo("root.crt");
      assertThat(mount(manifests.container(component), "postgres-tls").getMountPath())
          .isEqualTo("/etc/sluice/postgres-tls");
    }
  }

  @Test
  void minioWithAPrivateCaGetsTheBundleMountedAndNamed() {
    Manifests manifests = HelmChart.render().scenario("kafka-sasl-tls").manifests();

    for (String component : COMPONENTS) {
      assertThat(manifests.config(component))
          .containsEntry("SLUICE_S3_ENDPOINT", "https://minio.storage.svc:9000")
          .containsEntry("SLUICE_S3_TRUST_CERTIFICATES", "/etc/sluice/s3-tls/ca.crt");
      assertMountedFile(manifests, component, "s3-tls", "/etc/sluice/s3-tls", "minio-ca", "ca.crt");
    }
    assertThat(manifests.config("trainer-launcher"))
        .as("the stagers of step pods trust the same CA")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_TRUST_CERTIFICATES_SECRET", "minio-ca")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_TRUST_CERTIFICATES_KEY", "ca.crt");
    assertThat(HelmChart.render().manifests().config("trainer-launcher"))
        .doesNotContainKey("SLUICE_LAUNCHER_KUBERNETES_S3_TRUST_CERTIFICATES_SECRET");
  }

  @Test
  void aServiceMayUseItsOwnDatabaseUser() {
    Manifests manifests = HelmChart.render().scenario("kafka-sasl-tls").manifests();

    assertSecretRef(
        manifests.env("registry", "QUARKUS_DATASOURCE_USERNAME"), "pg-registry", "user");
    assertSecretRef(
        manifests.env("registry", "QUARKUS_DATASOURCE_PASSWORD"), "pg-registry", "pass");
    assertSecretRef(
        manifests.env("ingest", "QUARKUS_DATASOURCE_PASSWORD"), "sluice-postgres", "password");
  }

  @Test
  void secretNamesComeFromValues() {
    Manifests manifests = HelmChart.render().scenario("minimal").manifests();

    assertSecretRef(
        manifests.env("orchestrator", "QUARKUS_DATASOURCE_PASSWORD"), "pg-sluice", "password");
    assertSecretRef(
        manifests.env("orchestrator", "SLUICE_S3_SECRET_KEY"), "minio-sluice", "secret-key");
    assertThat(manifests.config("orchestrator"))
        .containsEntry(
            "KAFKA_BOOTSTRAP_SERVERS", "kafka-0.kafka.data.svc:9092,kafka-1.kafka.data.svc:9092");
  }

  @Test
  void extraEnvComesAfterTheChartsOwnSoItWins() {
    Manifests manifests =
        HelmChart.render()
            .values(
                """
                ingest:
                  extraEnv:
                    - name: SLUICE_INGEST_QUIET_CHECK_INTERVAL
                      value: 5s
                """)
            .manifests();

    List<EnvVar> env = manifests.container("ingest").getEnv();
    assertThat(env.get(env.size() - 1).getName()).isEqualTo("SLUICE_INGEST_QUIET_CHECK_INTERVAL");
    assertThat(env.get(env.size() - 1).getValue()).isEqualTo("5s");
  }

  @Test
  void changedSettingsRollThePods() {
    String before = checksum(HelmChart.render().manifests(), "ingest");
    String after =
        checksum(
            HelmChart.render().set("kafka.bootstrapServers", "other:9092").manifests(), "ingest");

    assertThat(before).hasSize(64).isNotEqualTo(after);
  }

  private static String checksum(Manifests manifests, String component) {
    return manifests
        .deployment(component)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/config");
  }

  static void assertSecretRef(EnvVar env, String secret, String key) {
    assertThat(env.getValue()).as(env.getName()).isNull();
    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).as(env.getName()).isEqualTo(secret);
    assertThat(ref.getKey()).as(env.getName()).isEqualTo(key);
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static VolumeMount mount(Container container, String name) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mount " + name));
  }

  private static void assertMountedFile(
      Manifests manifests,
      String component,
      String volume,
      String path,
      String secret,
      String key) {
    VolumeProjection source =
        volume(manifests.pod(component), volume).getProjected().getSources().get(0);
    assertThat(source.getSecret().getName()).isEqualTo(secret);
    assertThat(source.getSecret().getItems().get(0).getKey()).isEqualTo(key);
    assertThat(source.getSecret().getItems().get(0).getPath()).isEqualTo(key);
    VolumeMount mount = mount(manifests.container(component), volume);
    assertThat(mount.getMountPath()).isEqualTo(path);
    assertThat(mount.getReadOnly()).isTrue();
  }
}
