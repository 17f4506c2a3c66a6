package io.sluice.ingest.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ingest with bucket wiring switched on, against MinIO's notification API as served by a stand-in
 * (okhttp's MockWebServer speaking MinIO's wire format; no MinIO server runs here): readiness says
 * why while MinIO lacks the Kafka target, a newly registered dataset's bucket is wired, and fixing
 * MinIO's side makes ingest ready without a restart.
 */
@QuarkusTest
@TestProfile(BucketWiringIT.WiringOn.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class BucketWiringIT {

  private static final String ARN = "arn:minio:sqs::sluice:kafka";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void readinessSaysWhyUntilMinioHasTheTargetThenEveryBucketIsWired() throws Exception {
    String bucket = "wired-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/json")
        .body(
            """
            {"name": "%s", "bucket": "%s", "prefix": "in/",
             "completion": {"rule": "SUCCESS_MARKER"},
             "schema": {"columns": [{"name": "x", "type": "NUMBER"}]}}
            """
                .formatted(bucket, bucket))
        .post("/api/v1/datasets")
        .then()
        .statusCode(201);

    await("readiness names the bucket and the missing target")
        .atMost(WAIT)
        .until(
            () -> wiringCheck().getString("data.'bucket." + bucket + "'"),
            detail -> detail != null && detail.contains(ARN));
    assertThat(wiringCheck().getString("status")).isEqualTo("DOWN");
    assertThat(notificationConfiguration(bucket)).doesNotContain(ARN);

    configureTargetInMinio(ARN);

    await("the bucket is wired by the next retry, without a restart")
        .atMost(WAIT)
        .until(
            () -> notificationConfiguration(bucket),
            xml -> xml.contains("<Queue>" + ARN + "</Queue>"));
    assertThat(notificationConfiguration(bucket)).contains("<Event>s3:ObjectCreated:*</Event>");
    await("readiness is UP")
        .atMost(WAIT)
        .until(() -> "UP".equals(wiringCheck().getString("status")));
  }

  private static JsonPath wiringCheck() {
    JsonPath health =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/q/health/ready")
            .then()
            .extract()
            .jsonPath();
    return new JsonPath(health.prettify())
        .setRootPath("checks.find { it.name == '" + BucketNotificationsCheck.NAME + "' }");
  }

  private static String notificationConfiguration(String bucket) throws Exception {
    return http(
        HttpRequest.newBuilder(URI.create(WiringOn.endpoint() + bucket + "?notification=")));
  }

  private static void configureTargetInMinio(String arn) throws Exception {
    http(
        HttpRequest.newBuilder(
                URI.create(
                    WiringOn.endpoint()
                        + MinioNotificationApi.TARGETS_PATH.substring(1)
                        + "?arn="
                        + arn))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String http(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** Wiring on, retried every second, against the stand-in's endpoint. */
  public static final class WiringOn implements QuarkusTestProfile {

    /** Started once per JVM; its URL is kept where both class loaders can read it. */
    static synchronized String endpoint() {
      String url = System.getProperty("sluice.test.minio-notification-api");
      if (url == null) {
        url = new MinioNotificationApi().endpoint().toString();
        System.setProperty("sluice.test.minio-notification-api", url);
      }
      return url;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sluice.s3.endpoint", endpoint(),
          "sluice.ingest.bucket-notifications.enabled", "true",
          "sluice.ingest.bucket-notifications.retry-interval", "1s");
    }
  }
}
