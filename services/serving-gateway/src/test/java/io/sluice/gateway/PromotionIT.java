package io.sluice.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A data drop's last mile: an approved {@code model.evaluated} becomes a served, verified model
 * that answers V2 requests, against real Kafka, Postgres and S3.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class PromotionIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static TestEventBus bus;

  @Inject StorageClient storage;
  @Inject MeterRegistry meters;

  @BeforeAll
  static void connect() {
    bus = TestEventBus.following(Topics.MODELS);
  }

  @AfterAll
  static void disconnect() {
    bus.close();
  }

  private String uniqueModel() {
    return "iris-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Uploads the Iris package the way trainer-launcher stores a step output. */
  private String upload(String model, int version) {
    String folder = "runs/" + model + "/train/" + version + "/model/";
    storage.put("artifacts", folder + "model.onnx", IrisModel.onnx());
    storage.put("artifacts", folder + "signature.json", "{}".getBytes(StandardCharsets.UTF_8));
    return "s3://artifacts/" + folder + "model.onnx";
  }

  private EventEnvelope<ModelEvaluated> approve(String model, int version) throws Exception {
    EventEnvelope<ModelEvaluated> event =
        ModelEvents.first(
            model,
            Evaluations.of(
                model, version, Verdict.APPROVED, upload(model, version), IrisModel.sha256()));
    bus.send(event);
    return event;
  }

  private List<ModelPromoted> awaitPromotions(String model, int count) {
    return await()
        .atMost(PATIENCE)
        .until(() -> ModelEvents.promoted(bus, model), list -> list.size() >= count);
  }

  private JsonPath inferSetosa(String model) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(
            """
            {"id":"setosa-1","inputs":[{"name":"features","shape":[1,4],"datatype":"FP32",
             "data":[5.1,3.5,1.4,0.2]}]}""")
        .post("/v2/models/{name}/infer", model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void approvedVersionIsPromotedAndClassifiesASetosa() throws Exception {
    String model = uniqueModel();
    approve(model, 1);

    ModelPromoted promoted = awaitPromotions(model, 1).get(0);

    assertThat(promoted.version()).isEqualTo(1);
    assertThat(promoted.previousVersion()).isNull();
    JsonPath response = inferSetosa(model);
    assertThat(response.getString("model_name")).isEqualTo(model);
    assertThat(response.getString("model_version")).isEqualTo("1");
    assertThat(response.getString("id")).isEqualTo("setosa-1");
    assertThat(response.getList("outputs[0].data")).containsExactly("setosa");
    assertThat(response.getList("outputs[1].shape")).containsExactly(1, 3);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/models/{name}/ready", model)
        .then()
        .statusCode(200)
        .body("ready", equalTo(true));
  }

  @Test
  void secondApprovedVersionTakesTheTraffic() throws Exception {
    String model = uniqueModel();
    approve(model, 1);
    awaitPromotions(model, 1);

    approve(model, 2);

    ModelPromoted second = awaitPromotions(model, 2).get(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.previousVersion()).isEqualTo(1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(inferSetosa(model).getString("model_version")).isEqualTo("2"));
  }

  @Test
  void rejectedEvaluationChangesNothing() throws Exception {
    String model = uniqueModel();
    approve(model, 1);
    awaitPromotions(model, 1);
    double rejectedBefore = counter("rejected");

    bus.send(
        ModelEvents.first(
            model,
            Evaluations.of(model, 2, Verdict.REJECTED, upload(model, 2), IrisModel.sha256())));

    await().atMost(PATIENCE).until(() -> counter("rejected") > rejectedBefore);
    assertThat(ModelEvents.promoted(bus, model)).hasSize(1);
    assertThat(inferSetosa(model).getString("model_version")).isEqualTo("1");
  }

  @Test
  void alteredArtifactIsNotServedAndTheOldVersionKeepsServing() throws Exception {
    String model = uniqueModel();
    approve(model, 1);
    awaitPromotions(model, 1);
    String wrongHash = "0".repeat(64);

    bus.send(
        ModelEvents.first(
            model, Evaluations.of(model, 2, Verdict.APPROVED, upload(model, 2), wrongHash)));

    await().atMost(PATIENCE).until(() -> refused(model, "sha256_mismatch") >= 1);
    assertThat(ModelEvents.promoted(bus, model)).hasSize(1);
    assertThat(inferSetosa(model).getString("model_version")).isEqualTo("1");
  }

  @Test
  void redeliveredEvaluationEmitsNoSecondPromotion() throws Exception {
    String model = uniqueModel();
    EventEnvelope<ModelEvaluated> event = approve(model, 1);
    awaitPromotions(model, 1);
    double notNewerBefore = counter("not_newer");
    double duplicatesBefore = duplicates();

    bus.send(event);
    bus.send(ModelEvents.first(model, event.data()));

    await()
        .atMost(PATIENCE)
        .until(() -> duplicates() > duplicatesBefore && counter("not_newer") > notNewerBefore);
    assertThat(ModelEvents.promoted(bus, model)).hasSize(1);
  }

  @Test
  void olderVersionArrivingAfterANewerOneIsNotServed() throws Exception {
    String model = uniqueModel();
    approve(model, 3);
    awaitPromotions(model, 1);
    double notNewerBefore = counter("not_newer");

    approve(model, 2);

    await().atMost(PATIENCE).until(() -> counter("not_newer") > notNewerBefore);
    assertThat(ModelEvents.promoted(bus, model)).hasSize(1);
    assertThat(inferSetosa(model).getString("model_version")).isEqualTo("3");
  }

  private double counter(String outcome) {
    return meters.counter("sluice.gateway.evaluations", "outcome", outcome).count();
  }

  private double refused(String model, String reason) {
    return meters
        .counter("sluice.gateway.artifacts.refused", "model", model, "reason", reason)
        .count();
  }

  private double duplicates() {
    return meters
        .counter("sluice.events.duplicates", "consumer", "serving-gateway.evaluations")
        .count();
  }
}
