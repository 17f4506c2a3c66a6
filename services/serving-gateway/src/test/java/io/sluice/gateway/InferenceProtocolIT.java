package io.sluice.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Open Inference Protocol V2 surface over a promoted Iris model: answers and refusals. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class InferenceProtocolIT {

  private static final String MODEL = "iris-v2-" + UUID.randomUUID().toString().substring(0, 8);
  private static boolean promoted;

  @Inject StorageClient storage;

  @BeforeEach
  void promoteOnce() throws Exception {
    if (promoted) {
      return;
    }
    String key = "runs/" + MODEL + "/train/1/model/model.onnx";
    storage.put("artifacts", key, IrisModel.onnx());
    try (TestEventBus bus = TestEventBus.following(Topics.MODELS)) {
      bus.send(
          ModelEvents.first(
              MODEL,
              Evaluations.of(
                  MODEL, 1, Verdict.APPROVED, "s3://artifacts/" + key, IrisModel.sha256())));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !ModelEvents.promoted(bus, MODEL).isEmpty());
    }
    promoted = true;
  }

  private static ValidatableResponse infer(String body) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v2/models/{name}/infer", MODEL)
        .then();
  }

  private static String request(String name, String datatype, String shape, String data) {
    return "{\"inputs\":[{\"name\":\""
        + name
        + "\",\"datatype\":\""
        + datatype
        + "\",\"shape\":"
        + shape
        + ",\"data\":"
        + data
        + "}]}";
  }

  private static void refused(String body, String message) {
    infer(body)
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", containsString(message));
  }

  @Test
  void scoresANestedBatchAndNamesTheVersion() {
    infer(request("features", "FP32", "[2,4]", "[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]"))
        .statusCode(200)
        .body("model_name", equalTo(MODEL))
        .body("model_version", equalTo("1"))
        .body("outputs[0].name", equalTo("label"))
        .body("outputs[0].datatype", equalTo("BYTES"))
        .body("outputs[0].data", contains("setosa", "virginica"))
        .body("outputs[1].name", equalTo("probabilities"))
        .body("outputs[1].datatype", equalTo("FP32"))
        .body("outputs[1].shape", contains(2, 3))
        .body("outputs[1].parameters.class_names", contains("setosa", "versicolor", "virginica"))
        .body("outputs[1].data", hasSize(6));
  }

  @Test
  void returnsOnlyTheRequestedOutput() {
    infer(
            "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
                + "\"data\":[5.1,3.5,1.4,0.2]}],\"outputs\":[{\"name\":\"label\"}]}")
        .statusCode(200)
        .body("outputs", hasSize(1))
        .body("outputs[0].data", contains("setosa"));
  }

  @Test
  void servesTheVersionedPathOnlyForTheServingVersion() {
    String body = request("features", "FP32", "[1,4]", "[5.1,3.5,1.4,0.2]");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v2/models/{name}/versions/1/infer", MODEL)
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v2/models/{name}/versions/7/infer", MODEL)
        .then()
        .statusCode(404)
        .body("error", containsString("serves version 1"));
  }

  @Test
  void refusesMalformedRequests() {
    refused("{\"inputs\": [", "not valid JSON");
    refused("[]", "must be a JSON object");
    refused(request("petals", "FP32", "[1,4]", "[5.1,3.5,1.4,0.2]"), "unknown input 'petals'");
    refused(request("features", "INT64", "[1,4]", "[5,3,1,0]"), "must be FP32");
    refused(request("features", "FP32", "[2,4]", "[5.1,3.5,1.4,0.2]"), "needs 8 values");
    refused(request("features", "FP32", "[1,3]", "[5.1,3.5,1.4]"), "takes 4 features");
    refused(request("features", "FP32", "[1,4]", "[5.1,NaN,1.4,0.2]"), "data[1] is NaN");
    refused(request("features", "FP32", "[1,4]", "[5.1,3.5,1.4,1e999]"), "data[3] is NaN");
    refused(request("features", "FP32", "[1,4]", "[5.1,\"x\",1.4,0.2]"), "must hold numbers");
    refused(request("features", "FP32", "[0,4]", "[]"), "empty");
  }

  @Test
  void refusesABatchOverTheConfiguredLimit() {
    int rows = 1025;
    String data = "[" + "1,".repeat(rows * 4 - 1) + "1]";
    refused(request("features", "FP32", "[" + rows + ",4]", data), "too large");
    refused(request("features", "FP32", "[1025,4]", "[1,2,3,4]"), "exceeds the limit of 1024");
  }

  @Test
  void unknownModelIsNotFound() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(request("features", "FP32", "[1,4]", "[5.1,3.5,1.4,0.2]"))
        .post("/v2/models/no-such-model/infer")
        .then()
        .statusCode(404)
        .body("error", containsString("no-such-model"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/models/no-such-model")
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/models/no-such-model/ready")
        .then()
        .statusCode(404);
  }

  @Test
  void metadataNamesFeaturesClassesAndPlatform() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/models/{name}", MODEL)
        .then()
        .statusCode(200)
        .body("name", equalTo(MODEL))
        .body("versions", contains("1"))
        .body("platform", equalTo("onnx_onnxv1"))
        .body("inputs[0].name", equalTo("features"))
        .body("inputs[0].shape", contains(-1, 4))
        .body(
            "inputs[0].parameters.feature_names",
            contains("sepal_length", "sepal_width", "petal_length", "petal_width"))
        .body("outputs[1].parameters.class_names", contains("setosa", "versicolor", "virginica"));
  }

  @Test
  void serverAndHealthEndpointsAnswer() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2")
        .then()
        .statusCode(200)
        .body("name", equalTo("sluice-serving-gateway"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/health/live")
        .then()
        .statusCode(200)
        .body("live", equalTo(true));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/health/ready")
        .then()
        .statusCode(200)
        .body("ready", equalTo(true));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/v2/models/{name}/ready", MODEL)
        .then()
        .statusCode(200)
        .body("ready", equalTo(true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/models/a%00b/infer",
        "/v2/models/line%0Abreak/infer",
        "/v2/models/caf%C3%28/infer",
        "/v2/models/iris/versions/1%00/infer",
        "/v2/models/iris/infer?x=%00"
      })
  void controlCharactersAndBadEncodingInTheUrlAreBadRequestV2Errors(String url) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .urlEncodingEnabled(false)
        .contentType(ContentType.JSON)
        .body(request("features", "FP32", "[1,4]", "[5.1,3.5,1.4,0.2]"))
        .post(url)
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", anyOf(containsString("the path"), containsString("query parameter")));
  }
}
