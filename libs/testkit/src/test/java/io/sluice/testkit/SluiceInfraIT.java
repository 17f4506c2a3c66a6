package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

class SluiceInfraIT {

  @Test
  void startsOnceAndHandsEveryCallerTheSameServers() {
    SluiceInfra first = SluiceInfra.get();

    assertThat(SluiceInfra.get()).isSameAs(first);
    assertThat(SluiceInfra.get().kafka()).isSameAs(first.kafka());
  }

  @Test
  void platformTopicsExist() {
    assertThat(SluiceInfra.get().kafka().topicNames())
        .containsAll(PlatformTopics.all())
        .contains("sluice.dlq.trainer-launcher");
  }

  @Test
  void platformBucketsExistAndUploadsAreAnnouncedOnBucketEvents() {
    SluiceInfra infra = SluiceInfra.get();
    String key = "iris/" + UUID.randomUUID() + "/iris.csv";
    try (S3Client client = S3TestClients.forStore(infra.s3());
        TopicReader events =
            new TopicReader(infra.kafka().bootstrapServers(), PlatformTopics.BUCKET_EVENTS)) {
      assertThat(client.listBuckets().buckets())
          .extracting(Bucket::name)
          .contains(PlatformTopics.DATASETS_BUCKET, PlatformTopics.ARTIFACTS_BUCKET);

      client.putObject(b -> b.bucket("datasets").key(key), RequestBody.fromString("a,b\n"));

      assertThat(events.awaitKey("datasets/" + key).value()).contains("s3:ObjectCreated:Put");
    }
  }

  @Test
  void postgresAcceptsConnections() throws Exception {
    try (Connection connection = SluiceInfra.get().postgres().dataSource().getConnection()) {
      assertThat(connection.isValid(10)).isTrue();
    }
  }
}
