package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The prediction log on the test kit's real Kafka: {@code iris-logged} is sampled at 20% and {@code
 * iris-redacted} logged in full with its feature values replaced by their hash (both set in the
 * test profile of application.properties).
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class PredictionLogIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      "{\"id\":\"%s\",\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";

  @Inject StorageClient storage;

  @TestHTTPResource("/v2/models/")
  URI models;

  @Test
  void aTwentyPercentSampleLogsAboutOneRequestInFiveWithVersionIdAndLatency() throws Exception {
    promote("iris-logged");
    String run = UUID.randomUUID().toString().substring(0, 8);
    int requests = 1_000;
    for (int i = 0; i < requests; i++) {
      assertThat(infer("iris-logged", run + "-" + i).statusCode()).isEqualTo(200);
    }
    // The last request is logged for sure by a marker model logged in full, so that "all records
    // arrived" has proof instead of a pause: the redacted model logs every request.
    promote("iris-redacted");
    infer("iris-redacted", run + "-end");

    List<JsonNode> logged = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  JsonNode data = JSON.readTree(record.value());
                  assertThat(header(record, "ce_type")).isEqualTo("io.sluice.prediction.logged.v1");
                  assertThat(header(record, "ce_subject"))
                      .isEqualTo(data.path("modelName").asText());
                  if (data.path("requestId").asText().startsWith(run)) {
                    logged.add(data);
                  }
                }
                return logged.stream().anyMatch(d -> d.path("requestId").asText().endsWith("-end"));
              });
    }
    List<JsonNode> sampled =
        logged.stream().filter(d -> d.path("modelName").asText().equals("iris-logged")).toList();
    // Binomial(1000, 0.2): mean 200, sd 12.6; the bounds are almost 5 sd away.
    assertThat(sampled.size()).isBetween(140, 260);
    assertThat(sampled.stream().map(d -> d.path("requestId").asText()).distinct())
        .hasSameSizeAs(sampled);
    JsonNode one = sampled.get(0);
    assertThat(one.path("version").asInt()).isEqualTo(1);
    assertThat(one.path("latencyMillis").asDouble()).isPositive();
    assertThat(one.path("request").path("inputs").get(0).path("data").get(0).asDouble())
        .isEqualTo(5.1);
    assertThat(one.path("response").path("outputs").toString()).contains("setosa");
  }

  @Test
  void aRedactedModelLogsTheHashOfTheRequestInsteadOfItsFeatures() throws Exception {
    promote("iris-redacted");
    String id = "redacted-" + UUID.randomUUID();
    HttpResponse<String> answer = infer("iris-redacted", id);
    assertThat(answer.statusCode()).isEqualTo(200);

    JsonNode[] found = new JsonNode[1];
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  JsonNode data = JSON.readTree(record.value());
                  if (data.path("requestId").asText().equals(id)) {
                    found[0] = data;
                  }
                }
                return found[0] != null;
              });
    }
    assertThat(found[0].has("request")).isFalse();
    assertThat(found[0].path("requestSha256").asText()).matches("[0-9a-f]{64}");
    assertThat(found[0].toString()).doesNotContain("5.1");
    assertThat(found[0].path("response").path("id").asText()).isEqualTo(id);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfra.get().kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "prediction-log-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.PREDICTIONS));
    return consumer;
  }

  private HttpResponse<String> infer(String model, String id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(models.resolve(model + "/infer"))
            .header("authorization", "Bearer " + TestTokens.admin())
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(String.format(BODY, id)))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void promote(String model) throws Exception {
    if (servedAlready(model)) {
      return;
    }
    String key = "runs/" + model + "/train/1/model/model.onnx";
    storage.put("artifacts", key, IrisModel.onnx());
    try (TestEventBus bus = TestEventBus.following(Topics.MODELS)) {
      bus.send(
          ModelEvents.first(
              model,
              Evaluations.of(
                  model, 1, Verdict.APPROVED, "s3://artifacts/" + key, IrisModel.sha256())));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !ModelEvents.promoted(bus, model).isEmpty());
    }
  }

  private boolean servedAlready(String model) throws Exception {
    HttpRequest ready =
        HttpRequest.newBuilder(models.resolve(model + "/ready"))
            .header("authorization", "Bearer " + TestTokens.admin())
            .build();
    return HttpClient.newHttpClient()
            .send(ready, HttpResponse.BodyHandlers.discarding())
            .statusCode()
        == 200;
  }
}
