package io.sluice.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Walks every path of the Open Inference Protocol's REST specification ({@code
 * specification/protocol/inference_rest.md} of kserve/open-inference-protocol) against the real
 * gateway with a served model: each success body field by field against the spec's JSON objects,
 * and each error as the spec's {@code {"error": $string}} with a fitting status.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class OipConformanceIT {

  private static final String MODEL = "oip-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String MIXED = MODEL + "-mixed";
  private static final String MIXED_ROWS =
      """
      {"id":"m-1","inputs":[
        {"name":"flag","datatype":"BOOL","shape":[2,1],"data":[true,false]},
        {"name":"id","datatype":"INT64","shape":[2],"data":[9007199254740992,-3]},
        {"name":"count","datatype":"INT32","shape":[2,1],"data":[7,-8]},
        {"name":"ratio","datatype":"FP64","shape":[2,1],"data":[0.25,0.5]},
        {"name":"dense","datatype":"FP32","shape":[2,2],"data":[[1.5,2],[3,4]]}]}""";
  private static final String IRIS_ROW =
      "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
          + "\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}";
  private static boolean served;

  @Inject StorageClient storage;
  @Inject MeterRegistry meters;

  @BeforeEach
  void serveOnce() throws Exception {
    if (served) {
      return;
    }
    serve(MODEL, IrisModel.onnx(), IrisModel.sha256(), null);
    serve(MIXED, MixedModel.onnx(), MixedModel.sha256(), MixedModel.signature());
    served = true;
  }

  void serve(String model, byte[] onnx, String sha256, io.sluice.events.ModelSignature signature)
      throws Exception {
    String key = "runs/" + model + "/train/1/model/model.onnx";
    storage.put("artifacts", key, onnx);
    try (TestEventBus bus = TestEventBus.following(Topics.MODELS)) {
      var evaluated =
          signature == null
              ? Evaluations.of(model, 1, Verdict.APPROVED, "s3://artifacts/" + key, sha256)
              : Evaluations.of(
                  model, 1, Verdict.APPROVED, "s3://artifacts/" + key, sha256, signature);
      bus.send(ModelEvents.first(model, evaluated));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !ModelEvents.promoted(bus, model).isEmpty());
    }
  }

  static RequestSpecification admin() {
    return given().auth().oauth2(TestTokens.admin());
  }

  /** The spec's error object: JSON with one string field, {@code error}. */
  static ValidatableResponse isV2Error(ValidatableResponse response, int status) {
    return response
        .statusCode(status)
        .contentType(ContentType.JSON)
        .body("$", aMapWithSize(1))
        .body("error", instanceOf(String.class))
        .body("error", not(emptyString()));
  }

  // --- success shapes, field by field ---

  @Test
  void serverMetadataIsTheSpecsObject() {
    given()
        .get("/v2")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("$", aMapWithSize(3))
        .body("name", equalTo("sluice-serving-gateway"))
        .body("version", instanceOf(String.class))
        .body("extensions", instanceOf(List.class));
  }

  @Test
  void serverLiveAndReadyAreBooleans() {
    given().get("/v2/health/live").then().statusCode(200).body("live", is(true));
    given().get("/v2/health/ready").then().statusCode(200).body("ready", is(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/models/{name}", "/v2/models/{name}/versions/1"})
  void modelMetadataIsTheSpecsObject(String path) {
    admin()
        .get(path, MODEL)
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("name", equalTo(MODEL))
        .body("versions", contains("1"))
        .body("platform", equalTo("onnx_onnxv1"))
        .body("inputs", hasSize(1))
        .body("inputs[0].name", equalTo("features"))
        .body("inputs[0].datatype", equalTo("FP32"))
        .body("inputs[0].shape", contains(-1, 4))
        .body("outputs.name", contains("label", "probabilities"))
        .body("outputs.datatype", contains("BYTES", "FP32"))
        .body("outputs[1].shape", contains(-1, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/models/{name}/ready", "/v2/models/{name}/versions/1/ready"})
  void modelReadyIsTheSpecsObject(String path) {
    admin()
        .get(path, MODEL)
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("name", equalTo(MODEL))
        .body("ready", is(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/models/{name}/infer", "/v2/models/{name}/versions/1/infer"})
  void inferenceResponseIsTheSpecsObject(String path) {
    admin()
        .contentType(ContentType.JSON)
        .body(IRIS_ROW)
        .post(path, MODEL)
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("model_name", equalTo(MODEL))
        .body("model_version", equalTo("1"))
        .body("id", equalTo("req-1"))
        .body("outputs.name", contains("label", "probabilities"))
        .body("outputs.datatype", contains("BYTES", "FP32"))
        .body("outputs[0].shape", contains(1))
        .body("outputs[0].data", contains("setosa"))
        .body("outputs[1].shape", contains(1, 3))
        .body("outputs[1].data", hasSize(3));
  }

  @Test
  void inferenceAcceptsJsonWithACharset() {
    admin()
        .contentType("application/json; charset=utf-8")
        .body(IRIS_ROW)
        .post("/v2/models/{name}/infer", MODEL)
        .then()
        .statusCode(200);
  }

  // RestAssured always names a type; the JDK client sends none unless told.
  @Test
  void inferenceReadsABodyWithoutAContentTypeAsJson() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://localhost:"
                                + io.restassured.RestAssured.port
                                + "/v2/models/"
                                + MODEL
                                + "/infer"))
                    .header("Authorization", "Bearer " + TestTokens.admin())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(IRIS_ROW))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"setosa\"");
  }

  @Test
  void modelWithSeveralInputsListsEachWithDatatypeAndShape() {
    admin()
        .get("/v2/models/{name}", MIXED)
        .then()
        .statusCode(200)
        .body("name", equalTo(MIXED))
        .body("inputs.name", contains("dense", "ratio", "count", "id", "flag"))
        .body("inputs.datatype", contains("FP32", "FP64", "INT32", "INT64", "BOOL"))
        .body(
            "inputs.shape",
            contains(List.of(-1, 2), List.of(-1, 1), List.of(-1, 1), List.of(-1), List.of(-1, 1)))
        .body("inputs[0].parameters", equalTo(null))
        .body("outputs.name", contains("dense_out", "ratio_out", "count_out", "id_out", "flag_out"))
        .body("outputs.datatype", contains("FP32", "FP64", "INT32", "INT64", "BOOL"));
  }

  @Test
  void modelWithSeveralInputsTakesThemInAnyOrderAndAnswersInTheirDatatypes() {
    String body =
        admin()
            .contentType(ContentType.JSON)
            .body(MIXED_ROWS)
            .post("/v2/models/{name}/versions/1/infer", MIXED)
            .then()
            .statusCode(200)
            .body("model_name", equalTo(MIXED))
            .body("model_version", equalTo("1"))
            .body("id", equalTo("m-1"))
            .body(
                "outputs.name",
                contains("dense_out", "ratio_out", "count_out", "id_out", "flag_out"))
            .body("outputs.datatype", contains("FP32", "FP64", "INT32", "INT64", "BOOL"))
            .body("outputs[0].shape", contains(2, 2))
            .body("outputs[0].data", contains(1.5f, 2.0f, 3.0f, 4.0f))
            .body("outputs[1].data", contains(0.25f, 0.5f))
            .body("outputs[2].data", contains(7, -8))
            .body("outputs[3].shape", contains(2))
            .body("outputs[4].data", contains(true, false))
            .extract()
            .asString();
    // JSON numbers this large lose digits in most readers: check the exact text.
    assertThat(body).contains("[9007199254740992,-3]");
  }

  @Test
  void int64BeyondTwoToThe53IsScoredExactly() {
    String rows =
        MIXED_ROWS.replace("[9007199254740992,-3]", "[9007199254740993,-9223372036854775808]");
    String body =
        admin()
            .contentType(ContentType.JSON)
            .body(rows)
            .post("/v2/models/{name}/infer", MIXED)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    // A double would have made these ...992 and -...776000: check the exact text.
    assertThat(body).contains("[9007199254740993,-9223372036854775808]");
  }

  @Test
  void modelWithSeveralInputsReturnsOnlyTheAskedOutputs() {
    admin()
        .contentType(ContentType.JSON)
        .body(MIXED_ROWS.replace("\"id\":\"m-1\",", "\"outputs\":[{\"name\":\"flag_out\"}],"))
        .post("/v2/models/{name}/infer", MIXED)
        .then()
        .statusCode(200)
        .body("outputs.name", contains("flag_out"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"name\":\"flag\"|{\"name\":\"flag2\"|unknown input 'flag2'",
        "\"datatype\":\"INT32\"|\"datatype\":\"INT64\"|input 'count' must be INT32, got 'INT64'",
        "[true,false]|[1,0]|input 'flag' is BOOL",
        "[7,-8]|[7,-8.5]|input 'count': data[1] is not an INT32",
        "\"shape\":[2],|\"shape\":[2,1],|input 'id' must have shape [-1], got [2, 1]",
        "[0.25,0.5]|[0.25,0.5,1]|input 'ratio': shape [2, 1] needs 2 values",
        "-3]|99999999999999999999]|input 'id': data[1] is beyond the INT64 range",
      })
  void modelWithSeveralInputsRefusesABadInputNamingIt(String from, String to, String message) {
    isV2Error(
            admin()
                .contentType(ContentType.JSON)
                .body(
                    MIXED_ROWS.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v2/models/{name}/infer", MIXED)
                .then(),
            400)
        .body("error", containsString(message));
  }

  @Test
  void modelWithSeveralInputsRefusesAMissingOrDuplicatedInput() {
    String withoutFlag =
        MIXED_ROWS.replace(
            "{\"name\":\"flag\",\"datatype\":\"BOOL\",\"shape\":[2,1],\"data\":[true,false]},", "");
    isV2Error(
            admin()
                .contentType(ContentType.JSON)
                .body(withoutFlag)
                .post("/v2/models/{name}/infer", MIXED)
                .then(),
            400)
        .body("error", containsString("missing input 'flag'"));
    String twice =
        MIXED_ROWS.replace(
            "\"inputs\":[",
            "\"inputs\":[{\"name\":\"id\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,2]},");
    isV2Error(
            admin()
                .contentType(ContentType.JSON)
                .body(twice)
                .post("/v2/models/{name}/infer", MIXED)
                .then(),
            400)
        .body("error", containsString("input 'id' is given twice"));
  }

  // --- errors ---

  @ParameterizedTest
  @CsvSource({
    "GET, /v2/models/no-such-model",
    "GET, /v2/models/no-such-model/ready",
    "GET, /v2/models/no-such-model/versions/1",
    "GET, /v2/models/no-such-model/versions/1/ready",
    "POST, /v2/models/no-such-model/infer",
    "POST, /v2/models/no-such-model/versions/1/infer",
  })
  void unknownModelIsA404Error(String method, String path) {
    isV2Error(
            admin().contentType(ContentType.JSON).body(IRIS_ROW).request(method, path).then(), 404)
        .body("error", containsString("no-such-model"));
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /v2/models/{name}/versions/7",
    "GET, /v2/models/{name}/versions/7/ready",
    "POST, /v2/models/{name}/versions/7/infer",
  })
  void versionThatDoesNotServeIsA404Error(String method, String path) {
    isV2Error(
            admin()
                .contentType(ContentType.JSON)
                .body(IRIS_ROW)
                .request(method, path, MODEL)
                .then(),
            404)
        .body("error", containsString("serves version 1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/nothing",
        "/v2/models",
        "/v2/models/{name}/versions",
        "/v2/models/{name}/infer/more",
        "/v2/models/{name}/versions/1/infer/more",
        "/v2/health",
        "/v2/health/dead"
      })
  void unknownPathUnderV2IsA404Error(String path) {
    isV2Error(admin().get(path.replace("{name}", MODEL)).then(), 404)
        .body("error", containsString("no such endpoint"));
  }

  @ParameterizedTest
  @CsvSource({
    "POST, /v2, GET",
    "DELETE, /v2/health/live, GET",
    "PUT, /v2/health/ready, GET",
    "POST, /v2/models/{name}, GET",
    "DELETE, /v2/models/{name}/ready, GET",
    "POST, /v2/models/{name}/versions/1, GET",
    "PUT, /v2/models/{name}/versions/1/ready, GET",
    "GET, /v2/models/{name}/infer, POST",
    "PUT, /v2/models/{name}/infer, POST",
    "DELETE, /v2/models/{name}/versions/1/infer, POST",
    "PATCH, /v2/models/{name}/versions/1/infer, POST",
  })
  void wrongMethodIsA405ErrorWithAllow(String method, String path, String allowed) {
    isV2Error(admin().request(method, path.replace("{name}", MODEL)).then(), 405)
        .header("Allow", containsString(allowed))
        .body("error", containsString(method));
  }

  // Quarkus' HTTP server metrics are off in the gateway (their cost rivalled scoring); inference
  // errors are counted by status instead, so a refusal before any version was chosen is still seen.
  @Test
  void inferenceErrorsAreCountedByStatusWithoutHttpServerMetrics() {
    double notFound = failures("404");
    double unsupported = failures("415");
    admin()
        .contentType(ContentType.JSON)
        .body(IRIS_ROW)
        .post("/v2/models/no-such-model-" + UUID.randomUUID() + "/infer")
        .then()
        .statusCode(404);
    admin()
        .contentType(ContentType.TEXT)
        .body("text")
        .post("/v2/models/" + MODEL + "/infer")
        .then()
        .statusCode(415);
    admin().get("/v2/models/" + MODEL + "/ready").then().statusCode(200);

    assertThat(failures("404")).isEqualTo(notFound + 1);
    assertThat(failures("415")).isEqualTo(unsupported + 1);
    // Requests to /infer and /ready were answered above: with the binder on, these would exist.
    assertThat(meters.find("http.server.requests").meters()).isEmpty();
    assertThat(meters.find("http.server.bytes.written").meters()).isEmpty();
    assertThat(meters.find("sluice.gateway.inference.failures").meters()).isNotEmpty();
  }

  private double failures(String status) {
    Counter counter =
        meters.find("sluice.gateway.inference.failures").tag("status", status).counter();
    return counter == null ? 0 : counter.count();
  }

  // The test profile's limit is 1 MiB (application.properties). A raw socket: the JDK 17 client
  // waits forever for "100 Continue" when a final answer comes instead (JDK-8286171), and without
  // it the refusal could race the upload.
  @Test
  void bodyOverTheSizeLimitIsA413Error() throws Exception {
    String head = inferHead("Content-Length: " + (1024 * 1024 + 1));
    assertOversizedRefusal(exchange(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  // Chunked: no Content-Length, so the gateway counts the bytes as they come.
  @Test
  void chunkedBodyOverTheSizeLimitIsA413Error() throws Exception {
    byte[] padding = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(padding, (byte) ' ');
    java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
    request.writeBytes(
        (inferHead("Transfer-Encoding: chunked") + Integer.toHexString(padding.length) + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    request.writeBytes(padding);
    request.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertOversizedRefusal(exchange(request.toByteArray()));
  }

  private static String inferHead(String framing) {
    return "POST /v2/models/"
        + MODEL
        + "/infer HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + TestTokens.admin()
        + "\r\nContent-Type: application/json\r\n"
        + framing
        + "\r\n\r\n";
  }

  /** Sends raw bytes and reads the answer until the gateway closes the connection. */
  private static String exchange(byte[] request) throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void assertOversizedRefusal(String response) throws Exception {
    assertThat(response).startsWith("HTTP/1.1 413");
    String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(head).contains("content-type: application/json");
    java.util.Map<String, Object> error =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                response.substring(response.indexOf("\r\n\r\n") + 4),
                new com.fasterxml.jackson.core.type.TypeReference<
                    java.util.Map<String, Object>>() {});
    assertThat(error).containsOnlyKeys("error");
    assertThat((String) error.get("error")).contains("larger than 1048576 bytes");
  }

  @Test
  void bodyJustUnderTheSizeLimitIsRead() {
    byte[] padded = new byte[1024 * 1024 - 1];
    byte[] row = IRIS_ROW.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.util.Arrays.fill(padded, (byte) ' ');
    System.arraycopy(row, 0, padded, 0, row.length);
    admin()
        .contentType(ContentType.JSON)
        .body(padded)
        .post("/v2/models/{name}/infer", MODEL)
        .then()
        .statusCode(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
  void bodyThatIsNotJsonIsA415Error(String mediaType) {
    isV2Error(
            admin()
                .contentType(mediaType)
                .body(IRIS_ROW)
                .post("/v2/models/{name}/infer", MODEL)
                .then(),
            415)
        .body("error", containsString("application/json"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/models/{name}",
        "/v2/models/{name}/ready",
        "/v2/models/{name}/versions/1",
        "/v2/models/{name}/versions/1/ready"
      })
  void missingOrBadTokenIsA401ErrorWithAChallenge(String path) {
    isV2Error(given().get(path, MODEL).then(), 401)
        .header("WWW-Authenticate", containsString("Bearer"));
    isV2Error(given().auth().oauth2("not.a.token").get(path, MODEL).then(), 401)
        .header("WWW-Authenticate", containsString("invalid_token"));
    isV2Error(
            given()
                .contentType(ContentType.JSON)
                .body(IRIS_ROW)
                .post("/v2/models/{name}/infer", MODEL)
                .then(),
            401)
        .header("WWW-Authenticate", containsString("Bearer"));
  }

  @Test
  void tokenWithoutTheInferenceRoleIsA403Error() {
    String viewer = TestTokens.withRoles("viewer");
    isV2Error(given().auth().oauth2(viewer).get("/v2/models/{name}", MODEL).then(), 403);
    isV2Error(
        given()
            .auth()
            .oauth2(viewer)
            .contentType(ContentType.JSON)
            .body(IRIS_ROW)
            .post("/v2/models/{name}/versions/1/infer", MODEL)
            .then(),
        403);
  }

  @Test
  void hostileUrlUnderV2IsA400Error() {
    isV2Error(
            admin()
                .urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(IRIS_ROW)
                .post("/v2/models/a%00b/infer")
                .then(),
            400)
        .body("error", containsString("control character"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "null",
        "42",
        "\"inputs\"",
        "not json",
        "{\"inputs\": [",
        "{}",
        "{\"inputs\": {}}",
        "{\"inputs\": [1]}",
        "{\"inputs\": [{}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}",
        "{\"inputs\": [{\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}",
        "{\"inputs\":[],\"inputs\":[]}",
        "{\"inputs\": [{\"name\":\"features\",\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,1e400]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,NaN]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,-Infinity]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[99999999999999999999999,4],\"data\":[1,2,3,4]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[[[[[[[[[[1,2,3,4]]]]]]]]]]}]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]} {}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}],\"ouputs\":[]}",
        "{\"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}],\"outputs\":[{\"name\":\"nope\"}]}",
        "{\"id\": 7, \"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}",
        "{\"parameters\": [], \"inputs\": [{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3,4]}]}"
      })
  void malformedOrHostileBodyIsA400Error(String body) {
    isV2Error(
        admin()
            .contentType(ContentType.JSON)
            .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .post("/v2/models/{name}/infer", MODEL)
            .then(),
        400);
  }

  @Test
  void deeplyNestedBodyIsA400ErrorNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    isV2Error(
        admin()
            .contentType(ContentType.JSON)
            .body(
                ("{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":"
                        + deep
                        + "}]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .post("/v2/models/{name}/infer", MODEL)
            .then(),
        400);
  }
}
