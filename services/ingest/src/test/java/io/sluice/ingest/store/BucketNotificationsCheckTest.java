package io.sluice.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.store.BucketNotificationWatcher.Report;
import io.sluice.ingest.store.WiringStatus.State;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class BucketNotificationsCheckTest {

  private static final WiringStatus WIRED = new WiringStatus(State.WIRED, "sends events");

  @Test
  void disabledWiringIsReady() {
    HealthCheckResponse response =
        BucketNotificationsCheck.responseFor(new Report(false, false, Map.of()));

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(response.getData().get()).containsEntry("enabled", false);
  }

  @Test
  void notReadyBeforeTheFirstPass() {
    HealthCheckResponse response =
        BucketNotificationsCheck.responseFor(new Report(true, false, Map.of()));

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().get()).containsKey("reason");
  }

  @Test
  void missingTargetMakesIngestNotReadyAndSaysWhy() {
    WiringStatus missing =
        new WiringStatus(State.TARGET_MISSING, "MinIO has no notification target");

    HealthCheckResponse response =
        BucketNotificationsCheck.responseFor(
            new Report(true, true, Map.of("datasets", missing, "archive", WIRED)));

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(response.getData().get())
        .containsEntry("bucket.datasets", "TARGET_MISSING: MinIO has no notification target")
        .containsEntry("bucket.archive", "WIRED: sends events");
  }

  @Test
  void everyBucketWiredIsReady() {
    HealthCheckResponse response =
        BucketNotificationsCheck.responseFor(new Report(true, true, Map.of("datasets", WIRED)));

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }
}
