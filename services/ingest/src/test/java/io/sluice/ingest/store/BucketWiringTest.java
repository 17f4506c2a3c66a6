package io.sluice.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.ingest.store.WiringStatus.State;
import io.sluice.storage.BucketNotifications;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BucketWiringTest {

  private static final String KAFKA = "arn:minio:sqs::sluice:kafka";

  private final MinioNotificationApi minio = new MinioNotificationApi();
  private final StorageClient storage = client(minio.endpoint());
  private final BucketWiring wiring =
      new BucketWiring(new BucketNotifications(storage), KAFKA, "minio.bucket.events");

  @AfterEach
  void stop() {
    storage.close();
    minio.close();
  }

  @Test
  void bucketIsWiredForObjectCreatedEventsOnlyAndNotAskedAgain() {
    minio.addTarget(KAFKA);

    assertThat(wiring.ensure("datasets").state()).isEqualTo(State.WIRED);
    int requests = minio.requests();
    assertThat(wiring.ensure("datasets").state()).isEqualTo(State.WIRED);

    assertThat(minio.requests()).isEqualTo(requests);
    assertThat(minio.configuration("datasets"))
        .contains("<Event>s3:ObjectCreated:*</Event>")
        .contains("<Queue>" + KAFKA + "</Queue>")
        .doesNotContain("ObjectRemoved");
  }

  @Test
  void missingTargetTellsTheOperatorTheMinioCommandAndKeepsTrying() {
    WiringStatus status = wiring.ensure("datasets");

    assertThat(status.state()).isEqualTo(State.TARGET_MISSING);
    assertThat(status.detail())
        .contains("MinIO has no notification target " + KAFKA)
        .contains("bucket 'datasets'")
        .contains("mc admin config set <alias> notify_kafka:sluice")
        .contains("topic=minio.bucket.events");

    minio.addTarget(KAFKA);
    assertThat(wiring.ensure("datasets").state()).isEqualTo(State.WIRED);
    assertThat(wiring.statuses()).containsOnlyKeys("datasets");
  }

  @Test
  void unreachableStoreIsAFailedStateNotACrash() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (StorageClient nowhere = client(URI.create("http://127.0.0.1:" + port))) {
      BucketWiring offline =
          new BucketWiring(new BucketNotifications(nowhere), KAFKA, "minio.bucket.events");

      WiringStatus status = offline.ensure("datasets");

      assertThat(status.state()).isEqualTo(State.FAILED);
      assertThat(status.detail()).contains("unreachable");
    }
  }

  @Test
  void invalidBucketNameIsAFailedStateWithTheName() {
    minio.addTarget(KAFKA);

    WiringStatus status = wiring.ensure("Bad_Bucket");

    assertThat(status.state()).isEqualTo(State.FAILED);
    assertThat(status.detail()).contains("Bad_Bucket");
    assertThat(minio.requests()).isZero();
  }

  @Test
  void identifierIsTheArnsFourthField() {
    assertThat(BucketWiring.identifier("arn:minio:sqs::primary:kafka")).isEqualTo("primary");
    assertThat(BucketWiring.identifier("not-an-arn")).isEqualTo("<identifier>");
  }

  private static StorageClient client(URI endpoint) {
    return StorageClient.create(
        StorageSettings.of(endpoint, "us-east-1", "a", "b")
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }
}
