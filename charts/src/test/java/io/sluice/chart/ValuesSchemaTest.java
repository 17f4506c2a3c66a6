package io.sluice.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** values.schema.json turns typos and wrong types into a helm error before anything renders. */
class ValuesSchemaTest {

  @Test
  void refusesAMisspeltKey() {
    assertThatThrownBy(() -> HelmChart.render().set("orchestrator.replicaCout", "2").yaml())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "at '/orchestrator': additional properties 'replicaCout' not allowed");
  }

  @Test
  void refusesAMisspeltTopLevelKey() {
    assertThatThrownBy(() -> HelmChart.render().set("ingres.api.enabled", "true").yaml())
        .hasMessageContaining("additional properties 'ingres' not allowed");
  }

  @Test
  void refusesAMisspeltKeyDeepInside() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        kafka:
                          sasl:
                            mechansim: PLAIN
                        """)
                    .yaml())
        .hasMessageContaining("at '/kafka/sasl': additional properties 'mechansim' not allowed");
  }

  @Test
  void refusesAStringWhereAnIntegerBelongs() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        ingest:
                          replicaCount: "2"
                        """)
                    .yaml())
        .hasMessageContaining("at '/ingest/replicaCount': got string, want integer");
  }

  @Test
  void refusesAStringForTheTopicPartitions() {
    assertThatThrownBy(() -> HelmChart.render().set("kafka.topics.partitions", "three").yaml())
        .hasMessageContaining("at '/kafka/topics/partitions': got string, want integer");
  }

  @Test
  void refusesAValueOutsideItsEnum() {
    assertThatThrownBy(() -> HelmChart.render().set("kafka.sasl.mechanism", "SCRAM-SHA-1").yaml())
        .hasMessageContaining("at '/kafka/sasl/mechanism'")
        .hasMessageContaining("SCRAM-SHA-512");
  }

  @Test
  void refusesALiteralPasswordInExtraEnv() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        registry:
                          extraEnv:
                            - name: QUARKUS_DATASOURCE_PASSWORD
                              value: hunter2
                        """)
                    .yaml())
        .hasMessageContaining("at '/registry/extraEnv/0'");
  }

  @Test
  void acceptsAPasswordInExtraEnvFromASecret() {
    String yaml =
        HelmChart.render()
            .values(
                """
                registry:
                  extraEnv:
                    - name: QUARKUS_DATASOURCE_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: registry-db, key: password}
                """)
            .yaml();

    assertThat(yaml).contains("name: registry-db");
  }

  @Test
  void refusesACredentialInKafkaExtraConfig() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        kafka:
                          extraConfig:
                            sasl.jaas.config: "org.apache.kafka.common.security.plain.PlainLoginModule required;"
                        """)
                    .yaml())
        .hasMessageContaining("invalid propertyName 'sasl.jaas.config'");
  }

  @Test
  void refusesATolerationTheLauncherCannotRead() {
    assertThatThrownBy(
            () ->
                HelmChart.render()
                    .values(
                        """
                        trainerLauncher:
                          kubernetes:
                            tolerations: ["nvidia.com/gpu"]
                        """)
                    .yaml())
        .hasMessageContaining("at '/trainerLauncher/kubernetes/tolerations/0'");
  }

  @Test
  void refusesAnEmptyObjectStoreSecretName() {
    assertThatThrownBy(() -> HelmChart.render().set("minio.credentialsSecret.name", "").yaml())
        .hasMessageContaining("at '/minio/credentialsSecret/name'");
  }

  @Test
  void saslWithoutAnyCredentialSecretFailsWithWhatToSet() {
    assertThatThrownBy(() -> HelmChart.render().set("kafka.sasl.enabled", "true").yaml())
        .hasMessageContaining(
            "kafka.sasl.enabled needs kafka.sasl.jaasConfigSecret.name, or kafka.sasl.username"
                + " with kafka.sasl.passwordSecret.name");
  }
}
