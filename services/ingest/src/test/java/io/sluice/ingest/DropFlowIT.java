package io.sluice.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.DataRejected;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ObjectRef;
import io.sluice.events.RejectionReason;
import io.sluice.events.S3Uri;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Drops into the real S3 store become dataset versions, duplicates or rejections on Kafka. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DropFlowIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestEventBus topic;
  private static DatasetsBucket bucket;

  @BeforeAll
  static void connect() {
    topic = TestEventBus.followingWithDeadLettersOf("ingest", Topics.DATA);
    bucket = new DatasetsBucket();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bucket.close();
    topic.close();
  }

  @Test
  void successMarkerTurnsADropIntoADataArrivedWithItsManifest() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    String eTag = bucket.put(name + "/2026-11-22/iris.csv", DatasetsBucket.iris());
    bucket.put(name + "/2026-11-22/_SUCCESS", "");

    DataArrived arrived = awaitEvents(name, 1).get(0).data() instanceof DataArrived a ? a : null;
    assertThat(arrived).isNotNull();
    assertThat(arrived.dropFolder()).isEqualTo(name + "/2026-11-22/");
    assertThat(arrived.completion()).isEqualTo(Completion.SUCCESS_MARKER);
    assertThat(arrived.rowCount()).isEqualTo(150);
    assertThat(arrived.labelColumn()).isEqualTo("species");
    assertThat(arrived.columns()).hasSize(5);
    assertThat(arrived.columns().get(0).type()).isEqualTo(ColumnType.NUMBER);
    ObjectRef object =
        new ObjectRef(
            "datasets",
            name + "/2026-11-22/iris.csv",
            irisBytes(),
            eTag,
            sha256(DatasetsBucket.iris()));
    assertThat(arrived.objects()).containsExactly(object);
    assertThat(arrived.versionId())
        .isEqualTo(DataArrived.versionOf(name + "/2026-11-22/", List.of(object)));
    assertThat(eventsOf(name).get(0).correlationId()).isEqualTo(arrived.versionId());
  }

  @Test
  void sameContentInAnotherFolderIsADuplicateAndChangedContentANewVersion() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    drop(name + "/d1/", DatasetsBucket.iris());
    String first = ((DataArrived) awaitEvents(name, 1).get(0).data()).versionId();

    drop(name + "/d2/", DatasetsBucket.iris());
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(duplicateDrops(name)).containsExactly(name + "/d2/"));

    drop(name + "/d3/", DatasetsBucket.iris().replace("setosa", "Setosa"));
    // The outbox publishes in commit order: a data.arrived for d2 would come before d3's.
    List<EventEnvelope<?>> events = awaitEvents(name, 2);
    DataArrived third = (DataArrived) events.get(1).data();
    assertThat(third.dropFolder()).isEqualTo(name + "/d3/");
    assertThat(third.versionId()).isNotEqualTo(first);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + name + "/versions")
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.is(2));
  }

  @Test
  void brokenCsvIsRejectedWithAReasonAndTheLine() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    List<String> lines = new java.util.ArrayList<>(DatasetsBucket.iris().lines().toList());
    lines.set(16, lines.get(16).substring(0, lines.get(16).lastIndexOf(',')));
    drop(name + "/bad/", String.join("\n", lines) + "\n");
    DataRejected rejected = (DataRejected) awaitEvents(name, 1).get(0).data();
    assertThat(rejected.reason()).isEqualTo(RejectionReason.INCONSISTENT_ROWS);
    assertThat(rejected.message())
        .isEqualTo(name + "/bad/iris.csv line 17: expected 5 columns, found 4");
    assertThat(rejected.objects())
        .extracting(ObjectRef::key)
        .containsExactly(name + "/bad/iris.csv");
  }

  @Test
  void aDropTooLargeToListInOneEventIsRejectedAndTheNextDropStillArrives() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    // 900 objects with 120-character names: their list alone passes the 256 KiB test limit.
    for (int i = 0; i < 900; i++) {
      bucket.put(
          name + "/many/" + String.format("part-%0111d.csv", i),
          "sepal_length,species\n5.1,setosa\n");
    }
    bucket.put(name + "/many/_SUCCESS", "");

    DataRejected rejected = (DataRejected) awaitEvents(name, 1).get(0).data();

    assertThat(rejected.reason()).isEqualTo(RejectionReason.TOO_MANY_OBJECTS);
    assertThat(rejected.message()).contains("900 objects").contains("split it into folders");
    assertThat(rejected.objects()).hasSize(100);
    drop(name + "/next/", "sepal_length,species\n5.1,setosa\n");
    assertThat(awaitEvents(name, 2).get(1).data()).isInstanceOf(DataArrived.class);
  }

  @Test
  void markerNotificationBeforeTheDataNotificationStillYieldsTheFullManifest() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    String dataKey = name + "/late/iris.csv";
    SluiceInfra infra = SluiceInfra.get();
    infra.s3().stopPublishingNotifications();
    try {
      bucket.put(dataKey, DatasetsBucket.iris());
    } finally {
      infra.s3().publishNotificationsTo(infra.kafka().bootstrapServers());
    }
    bucket.put(name + "/late/_SUCCESS", "");
    DataArrived arrived = (DataArrived) awaitEvents(name, 1).get(0).data();
    assertThat(arrived.objects()).extracting(ObjectRef::key).containsExactly(dataKey);

    // The data notification arrives late, and the marker's arrives twice: nothing new happens.
    sendNotification("datasets/" + dataKey, notification(dataKey));
    sendNotification("datasets/" + name + "/late/_SUCCESS", notification(name + "/late/_SUCCESS"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(duplicateDrops(name)).hasSize(1));
    drop(name + "/next/", DatasetsBucket.iris().replace("virginica", "Virginica"));
    assertThat(awaitEvents(name, 2).get(1).data()).isInstanceOf(DataArrived.class);
  }

  @Test
  void quietPeriodCompletesADropWithoutAMarker() throws Exception {
    String name = register("{\"rule\":\"QUIET_PERIOD\",\"quietSeconds\":1}");
    bucket.put(name + "/q1/iris.csv", DatasetsBucket.iris());
    DataArrived arrived = (DataArrived) awaitEvents(name, 1).get(0).data();
    assertThat(arrived.completion()).isEqualTo(Completion.QUIET_PERIOD);
    assertThat(arrived.rowCount()).isEqualTo(150);
  }

  @Test
  void objectsOutsideAnyDatasetAreIgnoredAndCounted() throws Exception {
    double before = ignoredNoDataset();
    bucket.put("unregistered-" + UUID.randomUUID() + "/d1/x.csv", "a\n1\n");
    await().atMost(WAIT).untilAsserted(() -> assertThat(ignoredNoDataset()).isGreaterThan(before));
  }

  @Test
  void hostileKeysInADatasetCompleteNoDropAndAreCounted() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    double notInADrop = ignored("not_in_a_drop");
    double unsafe = ignored("unsafe_key");
    for (String key :
        List.of(
            name + "/../etc/_SUCCESS",
            name + "//_SUCCESS",
            name + "/d\u0001/_SUCCESS",
            name + "/_SUCCESS")) {
      sendNotification("datasets/" + key, notification(key));
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(ignored("unsafe_key")).isEqualTo(unsafe + 3);
              assertThat(ignored("not_in_a_drop")).isEqualTo(notInADrop + 1);
            });
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + name + "/versions")
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.is(0));
    assertThat(eventsOf(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"p q", "p%41", "100%", "a#b", "what?", "a+b", "Caf\u00e9", "Cafe\u0301"})
  void aDropFolderWhoseNameMustBeEncodedArrivesWithItsExactKeys(String folderName)
      throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    String folder = name + "/" + folderName + "/";
    // What a mis-decoded folder name would read instead (p%41 read as pA).
    bucket.put(name + "/pA/iris.csv", DatasetsBucket.iris().replace("setosa", "decoy"));
    bucket.put(folder + "sub dir/x%41+#?.csv", DatasetsBucket.iris());
    drop(folder, DatasetsBucket.iris());

    DataArrived arrived = (DataArrived) awaitEvents(name, 1).get(0).data();

    assertThat(arrived.dropFolder()).isEqualTo(folder);
    assertThat(arrived.objects())
        .extracting(ObjectRef::key)
        .containsExactly(folder + "iris.csv", folder + "sub dir/x%41+#?.csv");
    for (ObjectRef object : arrived.objects()) {
      assertThat(S3Uri.parse(object.uri())).isEqualTo(new S3Uri("datasets", object.key()));
    }
  }

  @Test
  void nfcAndNfdSpellingsOfAFolderAreTwoDrops() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    String nfc = name + "/" + Normalizer.normalize("Café", Normalizer.Form.NFC) + "/";
    String nfd = name + "/" + Normalizer.normalize("Café", Normalizer.Form.NFD) + "/";
    drop(nfc, DatasetsBucket.iris());
    awaitEvents(name, 1);
    drop(nfd, DatasetsBucket.iris().replace("setosa", "Setosa"));

    List<EventEnvelope<?>> events = awaitEvents(name, 2);

    assertThat(events)
        .extracting(e -> ((DataArrived) e.data()).dropFolder())
        .containsExactly(nfc, nfd);
  }

  @Test
  void notificationWithoutRecordsIsDeadLettered() throws Exception {
    String key = "datasets/empty-" + UUID.randomUUID();
    sendNotification(
        key,
        "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"x\",\"Records\":[]}"
            .getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).untilAsserted(() -> assertThat(topic.deadLetters(key)).hasSize(1));
    assertThat(topic.deadLetters(key).get(0).error()).contains("Records array is empty");
  }

  @Test
  void malformedNotificationIsDeadLettered() throws Exception {
    String key = "datasets/garbage-" + UUID.randomUUID();
    sendNotification(key, "{\"Records\": 42}".getBytes(StandardCharsets.UTF_8));
    await().atMost(WAIT).untilAsserted(() -> assertThat(topic.deadLetters(key)).hasSize(1));
    assertThat(topic.deadLetters(key).get(0).error()).contains("Records");
  }

  private static String register(String completion) {
    String name = "ds-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        "{\"name\":\""
            + name
            + "\",\"bucket\":\"datasets\",\"prefix\":\""
            + name
            + "/\","
            + "\"completion\":"
            + completion
            + ","
            + "\"schema\":{\"columns\":[{\"name\":\"sepal_length\",\"type\":\"NUMBER\"},"
            + "{\"name\":\"species\",\"type\":\"STRING\"}],\"labelColumn\":\"species\"}}";
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/datasets")
        .then()
        .statusCode(201);
    return name;
  }

  private static void drop(String folder, String csv) {
    bucket.put(folder + "iris.csv", csv);
    bucket.put(folder + "_SUCCESS", "");
  }

  /** Every event about one dataset, of any type, in the order seen. */
  private static List<EventEnvelope<?>> eventsOf(String dataset) {
    return List.copyOf(topic.envelopes(dataset, EventData.class));
  }

  /** Sends a raw record to MinIO's notification topic, as MinIO would (no headers). */
  private static void sendNotification(String key, byte[] value) {
    topic.send(Topics.MINIO_BUCKET_EVENTS, key, Map.of(), value);
  }

  private static List<EventEnvelope<?>> awaitEvents(String dataset, int count) {
    await().atMost(WAIT).until(() -> eventsOf(dataset).size() >= count);
    List<EventEnvelope<?>> events = eventsOf(dataset);
    assertThat(events).hasSize(count);
    return events;
  }

  private static List<String> duplicateDrops(String dataset) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + dataset + "/versions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("drops.flatten().findAll { it.duplicate }.dropFolder");
  }

  private static double ignoredNoDataset() {
    return ignored("no_dataset");
  }

  private static double ignored(String reason) {
    String metrics =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("sluice_ingest_objects_ignored_total")
                    && l.contains("\"" + reason + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static byte[] notification(String key) {
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
    return ("{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"datasets/"
            + encoded
            + "\",\"Records\":"
            + "[{\"eventName\":\"s3:ObjectCreated:Put\",\"eventTime\":\"2026-11-22T10:00:00Z\","
            + "\"s3\":{\"bucket\":{\"name\":\"datasets\"},\"object\":{\"key\":\""
            + encoded
            + "\"}}}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static long irisBytes() throws Exception {
    return DatasetsBucket.iris().getBytes(StandardCharsets.UTF_8).length;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
