package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

class EmbeddedS3IT {

  /** Not the platform's topic, which the shared infrastructure's own store publishes to. */
  private static final String TOPIC = "test.bucket.events";

  private static final String OTHER_TOPIC = "other.bucket.events";
  private static final String BUCKET = "datasets";

  /** S3 (and S3Proxy) refuse parts below 5 MiB except the last. */
  private static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafka kafka;
  private static EmbeddedS3 s3;
  private static S3Client client;
  private static TopicReader events;

  @BeforeAll
  static void startServers() {
    // The JVM's shared broker: starting another would only cost time.
    kafka = SluiceInfra.get().kafka();
    kafka.createTopics(TOPIC, OTHER_TOPIC);
    long started = System.nanoTime();
    s3 =
        EmbeddedS3.builder()
            .notifyKafka(kafka.bootstrapServers(), TOPIC)
            .publishDeletes(true)
            .start();
    System.out.printf("EmbeddedS3 ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    s3.createBucket(BUCKET);
    client = S3TestClients.forStore(s3);
    events = new TopicReader(kafka.bootstrapServers(), TOPIC);
  }

  @AfterAll
  static void stopServers() {
    events.close();
    client.close();
    s3.close();
  }

  @Test
  void putObjectPublishesMinioNotificationWithEncodedKeySizeAndMd5ETag() throws Exception {
    String key = unique("drops/2026-11-22/iris data ä") + ".csv";
    byte[] content = "sepal_length,species\n5.1,setosa\n".getBytes(StandardCharsets.UTF_8);
    client.putObject(
        b -> b.bucket(BUCKET).key(key).contentType("text/csv"), RequestBody.fromBytes(content));

    ConsumerRecord<String, String> record = events.awaitKey(BUCKET + "/" + key);
    JsonNode document = JSON.readTree(record.value());
    JsonNode object = document.at("/Records/0/s3/object");

    assertThat(record.headers().toArray()).isEmpty();
    assertThat(document.get("EventName").asText()).isEqualTo("s3:ObjectCreated:Put");
    assertThat(document.get("Key").asText()).isEqualTo(BUCKET + "/" + key);
    assertThat(document.at("/Records/0/eventName").asText()).isEqualTo("s3:ObjectCreated:Put");
    assertThat(document.at("/Records/0/s3/bucket/name").asText()).isEqualTo(BUCKET);
    assertThat(document.at("/Records/0/userIdentity/principalId").asText())
        .isEqualTo(s3.accessKey());
    assertThat(object.get("key").asText())
        .isEqualTo(key.replace("/", "%2F").replace(" ", "+").replace("ä", "%C3%A4"));
    assertThat(object.get("size").asLong()).isEqualTo(content.length);
    assertThat(object.get("eTag").asText()).isEqualTo(md5Hex(content));
    assertThat(object.get("contentType").asText()).isEqualTo("text/csv");
    assertThat(object.get("sequencer").asText()).matches("[0-9A-F]{16}");
  }

  @Test
  void emptyObjectNotificationHasNoSize() throws Exception {
    String key = unique("drops/2026-11-22/") + "_SUCCESS";
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.empty());

    JsonNode object = objectOf(events.awaitKey(BUCKET + "/" + key));

    assertThat(object.has("size")).isFalse();
    assertThat(object.get("eTag").asText()).isEqualTo(md5Hex(new byte[0]));
  }

  @Test
  void completedMultipartUploadPublishesCompleteMultipartUploadWithPartCountETag()
      throws Exception {
    String key = unique("big/") + "model.onnx";
    String uploadId = client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    byte[] first = new byte[MIN_PART_SIZE];
    byte[] last = "last part".getBytes(StandardCharsets.UTF_8);
    List<CompletedPart> parts =
        List.of(uploadPart(key, uploadId, 1, first), uploadPart(key, uploadId, 2, last));
    client.completeMultipartUpload(
        b ->
            b.bucket(BUCKET)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));

    ConsumerRecord<String, String> record = events.awaitKey(BUCKET + "/" + key);
    JsonNode document = JSON.readTree(record.value());

    assertThat(document.get("EventName").asText())
        .isEqualTo("s3:ObjectCreated:CompleteMultipartUpload");
    assertThat(objectOf(record).get("eTag").asText()).matches("[0-9a-f]{32}-2");
    assertThat(objectOf(record).get("size").asLong()).isEqualTo(first.length + last.length);
    assertThat(events.seen())
        .noneMatch(r -> r.key().contains(NotifyingBlobStore.MULTIPART_STUB_PREFIX));
  }

  @Test
  void deletePublishesObjectRemoved() throws Exception {
    String key = unique("to-delete/") + "x.csv";
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
    client.deleteObject(b -> b.bucket(BUCKET).key(key));

    ConsumerRecord<String, String> removal =
        events.awaitMatch(
            r ->
                r.key().equals(BUCKET + "/" + key)
                    && r.value().contains("s3:ObjectRemoved:Delete"));

    assertThat(objectOf(removal).has("size")).isFalse();
    assertThat(objectOf(removal).has("eTag")).isFalse();
  }

  @Test
  void notificationsFollowTheTargetTheyArePointedAt() throws Exception {
    String unpublished = unique("retarget/") + "while-off.csv";
    String redirected = unique("retarget/") + "other-topic.csv";
    String afterwards = unique("retarget/") + "back.csv";
    try (TopicReader other = new TopicReader(kafka.bootstrapServers(), OTHER_TOPIC)) {
      s3.stopPublishingNotifications();
      client.putObject(b -> b.bucket(BUCKET).key(unpublished), RequestBody.fromString("a"));
      s3.publishNotificationsTo(kafka.bootstrapServers(), OTHER_TOPIC);
      client.putObject(b -> b.bucket(BUCKET).key(redirected), RequestBody.fromString("b"));

      assertThat(other.awaitKey(BUCKET + "/" + redirected)).isNotNull();
    } finally {
      s3.publishNotificationsTo(kafka.bootstrapServers(), TOPIC);
    }
    client.putObject(b -> b.bucket(BUCKET).key(afterwards), RequestBody.fromString("c"));

    events.awaitKey(BUCKET + "/" + afterwards);
    assertThat(events.seen())
        .extracting(ConsumerRecord::key)
        .doesNotContain(BUCKET + "/" + unpublished, BUCKET + "/" + redirected);
  }

  @Test
  void startFailsWhenTheNotificationTopicDoesNotExist() {
    EmbeddedS3.Builder builder =
        EmbeddedS3.builder().notifyKafka(kafka.bootstrapServers(), "no.such.topic");

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no.such.topic");
  }

  @Test
  void storeWithDataDirectoryKeepsObjectsAcrossRestarts(@TempDir Path dataDirectory) {
    try (EmbeddedS3 first = EmbeddedS3.builder().dataDirectory(dataDirectory).start();
        S3Client firstClient = S3TestClients.forStore(first)) {
      first.createBucket("kept");
      firstClient.putObject(b -> b.bucket("kept").key("a/b.txt"), RequestBody.fromString("kept"));
    }

    try (EmbeddedS3 second = EmbeddedS3.builder().dataDirectory(dataDirectory).start();
        S3Client secondClient = S3TestClients.forStore(second)) {
      String content =
          secondClient.getObjectAsBytes(b -> b.bucket("kept").key("a/b.txt")).asUtf8String();
      assertThat(content).isEqualTo("kept");
    }
    assertThat(Files.exists(dataDirectory)).isTrue();
  }

  private CompletedPart uploadPart(String key, String uploadId, int number, byte[] content) {
    String eTag =
        client
            .uploadPart(
                b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(content))
            .eTag();
    return CompletedPart.builder().partNumber(number).eTag(eTag).build();
  }

  private static JsonNode objectOf(ConsumerRecord<String, String> record) throws Exception {
    return JSON.readTree(record.value()).at("/Records/0/s3/object");
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID();
  }

  private static String md5Hex(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
  }
}
