package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.eventing.KafkaClientConfig;
import io.sluice.eventing.KafkaClientProperties;
import io.sluice.events.EventEnvelope;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The watermark against real Kafka: the orchestrator's runs consumer, and one that never reads. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ReadWatermarkIT {

  @Inject KafkaClientProperties kafka;

  @Test
  void movesOnlyForAGroupThatHasReadWhatWasPublished() throws Exception {
    try (TestEventBus bus = TestEventBus.following(Topics.RUNS);
        Admin admin = Admin.create(KafkaClientConfig.admin(kafka, "watermark-it"))) {
      String runId = "0190a0a0-0000-7000-8000-000000000001";
      bus.send(
          EventEnvelope.first(
              "test",
              runId,
              null,
              new StepStarted(runId, "marker", 1, 0, "test", null, Instant.now())));
      ReadWatermark orchestrator = watermark(admin, RunSubscriptions.RUNS_CONSUMER);
      ReadWatermark neverReads = watermark(admin, "orchestrator.test-never-reads");

      Instant before = Instant.now();
      Optional<Instant> read =
          await().atMost(Duration.ofSeconds(30)).until(orchestrator::advance, Optional::isPresent);
      assertThat(read.get()).isAfterOrEqualTo(before);
      assertThat(neverReads.advance()).isEmpty();
      assertThat(neverReads.advance()).isEmpty();
    }
  }

  private static ReadWatermark watermark(Admin admin, String group) {
    return new ReadWatermark(
        new KafkaOffsets(admin, Topics.RUNS, group, Duration.ofSeconds(10)), Clock.systemUTC());
  }
}
