package io.sluice.eventing.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.eventing.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which topics a service makes sure of at start-up. */
class TopicSetupTest {

  @Test
  void platformTopicsItsDeadLetterTopicAndWhatItConsumesEachOnce() {
    Subscription bucketEvents =
        Subscription.builder("ingest.bucket-events")
            .topics("minio.bucket.events", "sluice.data")
            .raw((record, context) -> {})
            .build();

    assertThat(TopicSetup.topicsOf("ingest", List.of(bucketEvents)))
        .containsExactly(
            "sluice.data",
            "sluice.runs",
            "sluice.models",
            "sluice.serving",
            "sluice.predictions",
            "sluice.dlq.ingest",
            "minio.bucket.events");
  }
}
