package io.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.BucketNotifications.Outcome;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The notification wiring as MinIO sees it: GET {@code ?notification}, then PUT only when needed.
 * The answers are MinIO's wire format (its server encodes Id, Filter, Event, Queue in that order
 * and leaves out the Filter of an unfiltered configuration; its ARN error is {@code
 * InvalidArgument}); no MinIO server runs in this build, so they are written down, not captured.
 */
class BucketNotificationsTest {

  private static final QueueWiring KAFKA =
      new QueueWiring("arn:minio:sqs::sluice:kafka", List.of("s3:ObjectCreated:*"));
  private static final String SLUICE_QUEUE =
      "<QueueConfiguration><Id>sluice</Id><Event>s3:ObjectCreated:*</Event>"
          + "<Queue>arn:minio:sqs::sluice:kafka</Queue></QueueConfiguration>";
  private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private static final String ONLY_SLUICE =
      "<NotificationConfiguration " + NS + ">" + SLUICE_QUEUE + "</NotificationConfiguration>";

  private final MinioExchange minio = new MinioExchange();
  private final StorageClient client = minio.client();
  private final BucketNotifications notifications = new BucketNotifications(client);

  @AfterEach
  void stop() {
    client.close();
    minio.close();
  }

  @Test
  void bucketWithoutNotificationsGetsOneQueueConfigurationForTheKafkaTarget() {
    minio.answer(200, "get-notification-none.xml");
    minio.answerEmpty(200);

    Outcome outcome = notifications.ensure("datasets", KAFKA);

    assertThat(outcome).isEqualTo(Outcome.WIRED);
    RecordedRequest get = minio.next();
    assertThat(get.getRequestLine()).isEqualTo("GET /datasets?notification= HTTP/1.1");
    RecordedRequest put = minio.next();
    assertThat(put.getRequestLine()).isEqualTo("PUT /datasets?notification= HTTP/1.1");
    assertThat(put.getBody().utf8()).isEqualTo(ONLY_SLUICE);
    assertThat(put.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=test-access/")
        .contains("/us-east-1/s3/aws4_request");
  }

  @Test
  void anotherTargetsConfigurationIsKeptWithItsFilterAndEvents() {
    minio.answer(200, "get-notification-webhook.xml");
    minio.answerEmpty(200);

    notifications.ensure("datasets", KAFKA);

    minio.next();
    assertThat(minio.next().getBody().utf8())
        .isEqualTo(
            "<NotificationConfiguration "
                + NS
                + "><QueueConfiguration><Id>audit</Id>"
                + "<Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event>"
                + "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>audit/</Value></FilterRule>"
                + "</S3Key></Filter>"
                + "<Queue>arn:minio:sqs::audit:webhook</Queue></QueueConfiguration>"
                + SLUICE_QUEUE
                + "</NotificationConfiguration>");
  }

  @Test
  void alreadyWiredBucketIsReadButNotRewritten() {
    minio.answer(200, "get-notification-wired.xml");

    Outcome outcome = notifications.ensure("datasets", KAFKA);

    assertThat(outcome).isEqualTo(Outcome.UNCHANGED);
    assertThat(minio.next().getMethod()).isEqualTo("GET");
    assertThat(minio.server().getRequestCount()).isEqualTo(1);
  }

  @Test
  void narrowerConfigurationForTheSameTargetIsReplacedNotDuplicated() {
    minio.answer(200, "get-notification-put-only.xml");
    minio.answerEmpty(200);

    assertThat(notifications.ensure("datasets", KAFKA)).isEqualTo(Outcome.WIRED);

    minio.next();
    assertThat(minio.next().getBody().utf8()).isEqualTo(ONLY_SLUICE);
  }

  @Test
  void missingKafkaTargetIsReportedWithBucketAndArn() {
    minio.answer(200, "get-notification-none.xml");
    minio.answer(400, "error-arn-not-found.xml");

    assertThatThrownBy(() -> notifications.ensure("datasets", KAFKA))
        .isInstanceOfSatisfying(
            NotificationTargetMissingException.class,
            e -> {
              assertThat(e.bucket()).isEqualTo("datasets");
              assertThat(e.targetArn()).isEqualTo("arn:minio:sqs::sluice:kafka");
              assertThat(e.code()).isEqualTo("InvalidArgument");
            })
        .hasMessageContaining("MinIO has no notification target arn:minio:sqs::sluice:kafka")
        .hasMessageContaining("bucket 'datasets'")
        .hasMessageContaining("destination ARN does not exist");
  }

  @Test
  void otherInvalidArgumentIsARejectionButNotAMissingTarget() {
    minio.answer(200, "get-notification-none.xml");
    minio.answer(400, "error-event-not-supported.xml");

    assertThatThrownBy(() -> notifications.ensure("datasets", KAFKA))
        .isInstanceOf(RequestRejectedException.class)
        .isNotInstanceOf(NotificationTargetMissingException.class)
        .hasMessageContaining("event is not supported");
  }

  @Test
  void malformedBucketNameIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> notifications.ensure("Not_A_Bucket", KAFKA))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"))
        .hasMessageContaining("Not_A_Bucket");
    assertThat(minio.server().getRequestCount()).isZero();
  }

  @Test
  void emptyFilterOfOlderMinioReleasesIsAClearFailureNotAGuess() {
    // The SDK's parser needs at least one FilterRule inside a Filter element.
    minio
        .server()
        .enqueue(
            MinioExchange.xml(
                200,
                "<NotificationConfiguration><QueueConfiguration><Id>sluice</Id><Filter></Filter>"
                    + "<Event>s3:ObjectCreated:*</Event><Queue>arn:minio:sqs::sluice:kafka</Queue>"
                    + "</QueueConfiguration></NotificationConfiguration>"));

    assertThatThrownBy(() -> notifications.ensure("datasets", KAFKA))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("Filter");
    assertThat(minio.server().getRequestCount()).isEqualTo(1);
  }

  @Test
  void unreadableConfigurationFailsWithoutWriting() {
    minio
        .server()
        .enqueue(MinioExchange.xml(200, "<NotificationConfiguration><QueueConfiguration>"));

    assertThatThrownBy(() -> notifications.ensure("datasets", KAFKA))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("GET s3://datasets/?notification");
    assertThat(minio.server().getRequestCount()).isEqualTo(1);
  }
}
