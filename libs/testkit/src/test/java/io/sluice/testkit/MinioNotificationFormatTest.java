package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinioNotificationFormatTest {

  private static final Instant TIME = Instant.parse("2026-11-22T10:15:30.123456789Z");
  private static final EventClock.Stamp STAMP =
      new EventClock.Stamp(TIME, TIME.getEpochSecond() * 1_000_000_000L + TIME.getNano());

  private final MinioNotificationFormat format =
      new MinioNotificationFormat("the-access-key", () -> "http://127.0.0.1:9000", "deployment-1");
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void putEventHasMinioDocumentShape() throws Exception {
    ObjectEvent put =
        new ObjectEvent(
            ObjectEvent.PUT,
            "datasets",
            "iris/2026-11-22/iris.csv",
            4551,
            "5d41402abc4b2a76b9719d911017c592",
            "text/csv",
            Map.of("origin", "lab"));

    BucketNotification notification = format.format(put, STAMP);
    JsonNode document = mapper.readTree(notification.json());
    JsonNode record = document.get("Records").get(0);

    assertThat(notification.recordKey()).isEqualTo("datasets/iris/2026-11-22/iris.csv");
    assertThat(fieldNames(document)).containsExactly("EventName", "Key", "Records");
    assertThat(document.get("EventName").asText()).isEqualTo("s3:ObjectCreated:Put");
    assertThat(document.get("Key").asText()).isEqualTo("datasets/iris/2026-11-22/iris.csv");
    assertThat(fieldNames(record))
        .containsExactly(
            "eventVersion",
            "eventSource",
            "awsRegion",
            "eventTime",
            "eventName",
            "userIdentity",
            "requestParameters",
            "responseElements",
            "s3",
            "source");
    assertThat(record.get("eventVersion").asText()).isEqualTo("2.0");
    assertThat(record.get("eventSource").asText()).isEqualTo("minio:s3");
    assertThat(record.get("awsRegion").asText()).isEmpty();
    assertThat(record.get("eventTime").asText()).isEqualTo("2026-11-22T10:15:30.123Z");
    assertThat(record.at("/userIdentity/principalId").asText()).isEqualTo("the-access-key");
    assertThat(record.at("/requestParameters/sourceIPAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(record.at("/responseElements/x-minio-origin-endpoint").asText())
        .isEqualTo("http://127.0.0.1:9000");
    assertThat(record.at("/responseElements/x-minio-deployment-id").asText())
        .isEqualTo("deployment-1");
    assertThat(record.at("/s3/s3SchemaVersion").asText()).isEqualTo("1.0");
    assertThat(record.at("/s3/configurationId").asText()).isEqualTo("Config");
    assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("datasets");
    assertThat(record.at("/s3/bucket/ownerIdentity/principalId").asText())
        .isEqualTo("the-access-key");
    assertThat(record.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::datasets");
    assertThat(record.at("/source/host").asText()).isEqualTo("127.0.0.1");
    assertThat(record.at("/source/port").asText()).isEmpty();
  }

  @Test
  void objectCarriesEncodedKeySizeETagTypeMetadataAndSequencer() throws Exception {
    ObjectEvent put =
        new ObjectEvent(
            ObjectEvent.PUT,
            "datasets",
            "a b/c.csv",
            12,
            "abc123",
            "text/csv",
            Map.of("origin", "lab"));

    JsonNode object = objectOf(format.format(put, STAMP));

    assertThat(object.get("key").asText()).isEqualTo("a+b%2Fc.csv");
    assertThat(object.get("size").asLong()).isEqualTo(12);
    assertThat(object.get("eTag").asText()).isEqualTo("abc123");
    assertThat(object.get("contentType").asText()).isEqualTo("text/csv");
    assertThat(mapper.convertValue(object.get("userMetadata"), Map.class))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("content-type", "text/csv", "X-Amz-Meta-Origin", "lab"));
    assertThat(object.get("sequencer").asText()).isEqualTo("18EA5684DE28E115");
  }

  @Test
  void emptyObjectHasNoSizeButKeepsItsETag() throws Exception {
    ObjectEvent empty =
        new ObjectEvent(
            ObjectEvent.PUT,
            "datasets",
            "iris/_SUCCESS",
            0,
            "d41d8cd98f00b204e9800998ecf8427e",
            "application/octet-stream",
            Map.of());

    JsonNode object = objectOf(format.format(empty, STAMP));

    assertThat(object.has("size")).isFalse();
    assertThat(object.get("eTag").asText()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
  }

  @Test
  void removalNamesOnlyTheObject() throws Exception {
    JsonNode document =
        mapper.readTree(format.format(ObjectEvent.removed("datasets", "x/y.csv"), STAMP).json());

    assertThat(document.get("EventName").asText()).isEqualTo("s3:ObjectRemoved:Delete");
    assertThat(fieldNames(document.at("/Records/0/s3/object"))).containsExactly("key", "sequencer");
  }

  @Test
  void keysAreEncodedLikeGoQueryEscape() {
    assertThat(MinioNotificationFormat.encodeKey("drops/2026 11/ä*~'(x).csv"))
        .isEqualTo("drops%2F2026+11%2F%C3%A4%2A~%27%28x%29.csv");
  }

  private JsonNode objectOf(BucketNotification notification) throws Exception {
    return mapper.readTree(notification.json()).at("/Records/0/s3/object");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
