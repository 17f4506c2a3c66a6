package io.sluice.ingest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.sluice.testkit.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** What the ingest ITs ask of the running service: register datasets, read its drops, metrics. */
final class Ingest {

  private Ingest() {}

  /** Registers a dataset over {@code datasets/<name>/} with the iris columns; returns its name. */
  static String register(String completionJson) {
    return register("ds-" + UUID.randomUUID().toString().substring(0, 8), completionJson);
  }

  /** Registers a dataset of that name over {@code datasets/<name>/}. */
  static String register(String name, String completionJson) {
    String body =
        "{\"name\":\""
            + name
            + "\",\"bucket\":\"datasets\",\"prefix\":\""
            + name
            + "/\",\"completion\":"
            + completionJson
            + ",\"schema\":{\"columns\":[{\"name\":\"sepal_length\",\"type\":\"NUMBER\"},"
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

  /** The drop folders of the dataset's completed drops, newest first, duplicates included. */
  static List<String> completedDrops(String dataset) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + dataset + "/versions")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("drops.flatten().dropFolder");
  }

  /** The sum of a Prometheus counter's series whose labels contain {@code labelText}. */
  static double counter(String prometheusName, String labelText) {
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
        .filter(l -> l.startsWith(prometheusName) && l.contains(labelText))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * A MinIO notification of one object written to the datasets bucket, key encoded as MinIO does.
   */
  static byte[] created(String key) {
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
}
