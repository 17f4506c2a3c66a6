package io.sluice.cli.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.Components;
import org.junit.jupiter.api.Test;

class ProvisioningPlanTest {

  @Test
  void topicsAreThePlatformTopicsTheMinioInputAndADeadLetterTopicPerService() {
    assertThat(LocalTopics.topics(Components.SERVICES))
        .containsExactly(
            "sluice.data",
            "sluice.runs",
            "sluice.models",
            "sluice.serving",
            "sluice.predictions",
            "minio.bucket.events",
            "sluice.dlq.ingest",
            "sluice.dlq.orchestrator",
            "sluice.dlq.trainer-launcher",
            "sluice.dlq.registry",
            "sluice.dlq.serving-gateway");
  }

  @Test
  void topicsHaveOnePartitionAndOneReplicaInLocalMode() {
    assertThat(LocalTopics.plan(Components.SERVICES).partitions()).isEqualTo(1);
    assertThat(LocalTopics.plan(Components.SERVICES).replicationFactor()).isEqualTo((short) 1);
  }

  @Test
  void bucketsAreDatasetsAndArtifacts() {
    assertThat(BucketPlan.buckets()).containsExactly("datasets", "artifacts");
  }
}
