package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformTopicsTest {

  @Test
  void listsEventTopicsBucketEventsAndOneDeadLetterTopicPerService() {
    assertThat(PlatformTopics.all())
        .containsExactlyInAnyOrder(
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
    assertThat(PlatformTopics.buckets()).containsExactly("datasets", "artifacts");
  }
}
