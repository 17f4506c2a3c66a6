package io.sluice.cli.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.Components;
import org.junit.jupiter.api.Test;

class ProvisioningPlanTest {

  @Test
  void topicsAreThePlatformTopicsTheMinioInputAndADeadLetterTopicPerService() {
    assertThat(TopicPlan.topics(Components.SERVICES))
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
    assertThat(TopicPlan.PARTITIONS).isEqualTo(1);
    assertThat(TopicPlan.REPLICATION_FACTOR).isEqualTo((short) 1);
  }

  @Test
  void bucketsAreDatasetsAndArtifacts() {
    assertThat(BucketPlan.buckets()).containsExactly("datasets", "artifacts");
  }
}
