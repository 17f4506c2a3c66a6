package io.sluice.events.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sluice.events.minio.MinioEvent.ObjectCreated;
import io.sluice.events.minio.MinioEvent.OtherEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MinioNotificationParserTest {

  @Test
  void readsAPutOfACsvFile() {
    List<MinioEvent> events = events(resource("put-iris.json"));

    assertThat(events)
        .containsExactly(
            new ObjectCreated(
                "datasets",
                "iris/2026-11-22/iris.csv",
                OptionalLong.of(4551),
                Optional.of("9b2cf535f27731c974343645a3985328"),
                Optional.of("187A2B2D1E6B9A44"),
                Instant.parse("2026-11-22T10:15:30.512Z"),
                "s3:ObjectCreated:Put"));
  }

  @Test
  void multipartUploadKeepsItsPartCountAndLosesTheQuotes() {
    ObjectCreated created = (ObjectCreated) events(resource("multipart.json")).get(0);

    assertThat(created.eventName()).isEqualTo("s3:ObjectCreated:CompleteMultipartUpload");
    assertThat(created.eTag()).contains("6a8e5a2c1d0b4f3e9c7b2a1d0e9f8c7b-3");
    assertThat(created.multipart()).isTrue();
    assertThat(created.size()).hasValue(157_286_400L);
  }

  @Test
  void zeroByteMarkerHasNoSizeAndNoEtag() {
    ObjectCreated marker = (ObjectCreated) events(resource("empty-success-marker.json")).get(0);

    assertThat(marker.key()).isEqualTo("iris/2026-11-22/_SUCCESS");
    assertThat(marker.size()).isEmpty();
    assertThat(marker.eTag()).isEmpty();
    assertThat(marker.multipart()).isFalse();
  }

  @Test
  void removalIsReportedAsAnotherEvent() {
    assertThat(events(resource("delete.json")))
        .containsExactly(
            new OtherEvent("s3:ObjectRemoved:Delete", "datasets", "iris/2026-11-22/old.csv"));
  }

  @Test
  void plusInAKeyIsASpaceAndPercent2BIsAPlus() {
    String message = message(record("s3:ObjectCreated:Put", "my+data%2Fa%2Bb+c.csv", "12", "e1"));

    assertThat(events(message)).extracting(MinioEvent::key).containsExactly("my data/a+b c.csv");
  }

  @Test
  void nonAsciiKeysAreDecodedFromUtf8PercentEncoding() {
    String message =
        message(record("s3:ObjectCreated:Put", "donn%C3%A9es%2F%C3%A9t%C3%A9.csv", "7", "e1"));

    assertThat(events(message)).extracting(MinioEvent::key).containsExactly("données/été.csv");
  }

  @Test
  void twoRecordsInOneMessageComeBackInOrder() {
    String message =
        message(
            record("s3:ObjectCreated:Put", "iris%2Fd%2Fa.csv", "1", "e1"),
            record("s3:ObjectAccessed:Get", "iris%2Fd%2Fa.csv", "1", "e1"));

    MinioNotification.Events parsed =
        (MinioNotification.Events) MinioNotificationParser.parse(bytes(message));

    assertThat(parsed.events())
        .extracting(MinioEvent::eventName)
        .containsExactly("s3:ObjectCreated:Put", "s3:ObjectAccessed:Get");
    assertThat(parsed.created()).extracting(MinioEvent::key).containsExactly("iris/d/a.csv");
  }

  @Test
  void emptyRecordsArrayIsNoEvents() {
    assertThat(events("{\"Records\":[]}")).isEmpty();
  }

  @Test
  void emptyValueIsMalformed() {
    assertMalformed(new byte[0], "empty");
    assertMalformed(null, "empty");
  }

  @Test
  void randomBytesAreMalformed() {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);

    assertMalformed(garbage, "not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"Records\":[]}]", "\"Records\"", "17", "null"})
  void jsonThatIsNotAnObjectIsMalformed(String value) {
    assertMalformed(bytes(value), "not a JSON object");
  }

  @Test
  void duplicateKeysAreMalformed() {
    String record = record("s3:ObjectCreated:Put", "iris%2Fd%2Fa.csv", "1", "e1");

    assertMalformed(bytes("{\"Records\":[],\"Records\":[" + record + "]}"), "Duplicate field");
  }

  @Test
  void missingRecordsIsMalformed() {
    assertMalformed(bytes("{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"b/k\"}"), "Records");
  }

  @Test
  void recordsThatIsNotAnArrayIsMalformed() {
    assertMalformed(bytes("{\"Records\":{\"eventName\":\"x\"}}"), "no Records array");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Records\":[{\"eventName\":7,\"s3\":{}}]}",
        "{\"Records\":[\"s3:ObjectCreated:Put\"]}",
        "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}",
        "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":[]}}]}"
      })
  void recordWithWrongShapeIsMalformedAndNamesTheField(String value) {
    assertMalformed(bytes(value), "Records[0]");
  }

  @Test
  void sizeThatIsNotANumberIsMalformed() {
    assertMalformed(
        bytes(message(record("s3:ObjectCreated:Put", "k", "\"big\"", "e1"))),
        "Records[0].s3.object.size");
    assertMalformed(
        bytes(message(record("s3:ObjectCreated:Put", "k", "-1", "e1"))),
        "Records[0].s3.object.size");
  }

  @Test
  void badPercentEncodingIsMalformed() {
    assertMalformed(
        bytes(message(record("s3:ObjectCreated:Put", "iris%2", "1", "e1"))),
        "Records[0].s3.object.key");
  }

  @Test
  void badEventTimeIsMalformed() {
    String message =
        message(record("s3:ObjectCreated:Put", "k", "1", "e1"))
            .replace("2026-11-22T10:00:00Z", "soon");

    assertMalformed(bytes(message), "Records[0].eventTime");
  }

  @Test
  void hugeMessageIsRefusedUnread() {
    byte[] huge = new byte[MinioNotificationParser.MAX_MESSAGE_BYTES + 1];

    assertMalformed(huge, "more than");
  }

  @Test
  void deeplyNestedJsonIsMalformedNotAStackOverflow() {
    String deep = "{\"Records\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

    assertThat(MinioNotificationParser.parse(bytes(deep)))
        .isInstanceOf(MinioNotification.Malformed.class);
  }

  private static List<MinioEvent> events(String message) {
    return ((MinioNotification.Events) MinioNotificationParser.parse(bytes(message))).events();
  }

  private static void assertMalformed(byte[] value, String reasonPart) {
    assertThat(MinioNotificationParser.parse(value))
        .asInstanceOf(type(MinioNotification.Malformed.class))
        .extracting(MinioNotification.Malformed::reason)
        .asString()
        .contains(reasonPart);
  }

  private static String message(String... records) {
    return "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"datasets/x\",\"Records\":["
        + String.join(",", records)
        + "]}";
  }

  private static String record(String eventName, String encodedKey, String size, String eTag) {
    return """
    {"eventVersion":"2.0","eventSource":"minio:s3","awsRegion":"",\
    "eventTime":"2026-11-22T10:00:00Z","eventName":"%s",\
    "s3":{"s3SchemaVersion":"1.0","configurationId":"Config",\
    "bucket":{"name":"datasets","arn":"arn:aws:s3:::datasets"},\
    "object":{"key":"%s","size":%s,"eTag":"%s","sequencer":"17F0000000000001"}}}\
    """
        .formatted(eventName, encodedKey, size, eTag);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = MinioNotificationParserTest.class.getResourceAsStream("/minio/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
