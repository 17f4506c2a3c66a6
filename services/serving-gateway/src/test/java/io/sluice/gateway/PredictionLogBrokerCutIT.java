package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.events.Topics;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.TestModels;
import io.sluice.testkit.FreePorts;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TcpProxy;
import io.sluice.testkit.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The prediction log with its broker out of reach: the {@code predictions} channel alone is pointed
 * at a port where nobody listens yet (every connection refused), while the rest of the gateway uses
 * the broker directly. Predictions are answered as before, far sooner than the producer's {@code
 * max.block.ms}, and the records are dropped and counted; once a TCP proxy to the broker opens on
 * that port the records reach {@code sluice.predictions}.
 *
 * <p>The broker is out of reach from the start rather than cut later: a Kafka client that has
 * bootstrapped talks to the address the broker advertises, past any proxy, so a later cut of the
 * proxy would cut nothing.
 */
@QuarkusTest
@TestProfile(PredictionLogBrokerCutIT.PredictionsBehindAProxy.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class PredictionLogBrokerCutIT {

  /**
   * How long the producer may block a send for metadata: far above any answer's latency, so that an
   * answer that waited for the producer cannot pass for a slow one.
   */
  private static final Duration MAX_BLOCK = Duration.ofSeconds(30);

  /**
   * A generous bound for one answer: a third of {@link #MAX_BLOCK}, whatever the machine's load.
   */
  private static final Duration ANSWER_BOUND = MAX_BLOCK.dividedBy(3);

  private static final String MODEL = "iris-cut";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      "{\"id\":\"%s\",\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final String CHANNEL_BOOTSTRAP =
      "mp.messaging.outgoing.predictions.bootstrap.servers";

  private static TcpProxy proxy;

  /** The channel's bootstrap server: a free port, where the proxy to the broker opens later. */
  public static class PredictionsBehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          CHANNEL_BOOTSTRAP,
          "127.0.0.1:" + FreePorts.find(),
          "mp.messaging.outgoing.predictions.max.block.ms",
          Long.toString(MAX_BLOCK.toMillis()),
          "sluice.gateway.prediction-log.models.\"" + MODEL + "\".sample-rate",
          "1");
    }
  }

  @Inject ModelRouter router;
  @Inject MeterRegistry meters;

  @ConfigProperty(name = CHANNEL_BOOTSTRAP)
  String channelBootstrap;

  @TestHTTPResource("/v2/models/")
  URI models;

  @AfterAll
  static void closeProxy() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void predictionsAnswerPromptlyAndRecordsAreDroppedWhileTheBrokerIsCutThenFlowAgain()
      throws Exception {
    router.serve(TestModels.loaded(TestModels.iris(MODEL, 1)));
    double droppedBefore = dropped();
    // The first answer of a fresh JVM on a busy machine may take seconds of class loading and
    // compilation; a producer that blocked would hold up every later answer as well.
    assertThat(infer("warm-up").statusCode()).isEqualTo(200);

    // Requests go on until the log has given up on some records: the proof that they reached
    // the producer while it could not reach the broker.
    int[] cutRequests = {0};
    await("records dropped while the broker is cut")
        .atMost(MAX_BLOCK.multipliedBy(4))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              assertAnsweredPromptly("cut-" + cutRequests[0]++);
              return dropped() > droppedBefore;
            });
    assertThat(cutRequests[0]).as("requests answered during the cut").isPositive();

    proxy =
        proxyToKafkaOn(
            Integer.parseInt(channelBootstrap.substring(channelBootstrap.indexOf(':') + 1)));
    String healed = "healed-" + UUID.randomUUID();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      int[] healedRequests = {0};
      await("a record of a request made after the cut healed, on " + Topics.PREDICTIONS)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertAnsweredPromptly(healed + "-" + healedRequests[0]++);
                return loggedAfterHealing(consumer, healed);
              });
    }
  }

  private void assertAnsweredPromptly(String id) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> answer = infer(id);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(took).as("answer to %s, not held up by the producer", id).isLessThan(ANSWER_BOUND);
  }

  private boolean loggedAfterHealing(KafkaConsumer<byte[], byte[]> consumer, String prefix)
      throws IOException {
    for (var record : consumer.poll(Duration.ofMillis(200))) {
      if (JSON.readTree(record.value()).path("requestId").asText().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Every record the log gave up on, for whatever reason. */
  private double dropped() {
    return meters.find("sluice.gateway.predictions.dropped").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private HttpResponse<String> infer(String id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(models.resolve(MODEL + "/infer"))
            .header("authorization", "Bearer " + TestTokens.admin())
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(String.format(BODY, id)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static TcpProxy proxyToKafkaOn(int port) throws IOException {
    String broker = SluiceInfra.get().kafka().bootstrapServers().split(",")[0];
    int colon = broker.lastIndexOf(':');
    return new TcpProxy(
        broker.substring(0, colon), Integer.parseInt(broker.substring(colon + 1)), port);
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SluiceInfra.get().kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "prediction-cut-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.PREDICTIONS));
    return consumer;
  }
}
