package io.sluice.e2e.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.platform.Faults;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisFiles;
import io.sluice.e2e.story.IrisStory;
import io.sluice.events.Json;
import io.sluice.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two serving-gateway replicas on the shared platform: the one {@code sluice up} started and a
 * second process against the same Kafka, PostgreSQL and S3. A model of this test's own rolls out as
 * a canary while clients call both. Both route every routing key to the same version; the replica
 * that leads the rollout is SIGKILLed after the first step, the other takes over and the rollout
 * goes on to {@code model.promoted} with every weight stepped once and in order, while the survivor
 * answers every request; the killed replica, started again mid-rollout, routes with the current
 * split as soon as it reports ready.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
class GatewayReplicasIT {

  private static final String GATEWAY = "serving-gateway";
  private static final String DATASET = "replicas";
  private static final String MODEL = "replicas-classifier";
  private static final List<Integer> STEPS = List.of(20, 40, 60, 80);
  private static final int STEP_SECONDS = 10;
  private static final int MIN_REQUESTS = 10;
  private static final List<String> KEYS =
      IntStream.range(0, 200).mapToObj(i -> "client-" + i).toList();
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(3);

  private static Platform platform;
  private static IrisStory story;
  private static Path workDir;
  private static ServiceReplica second;
  private static GatewayClient platformGateway;
  private static GatewayClient secondGateway;

  @BeforeAll
  static void startASecondGatewayAndRegisterTheModel() throws Exception {
    story = IrisStory.get();
    platform = Platform.get();
    story.assertRegistered(story.registerDataset(DATASET, DATASET + "/"));
    story.assertRegistered(story.registerPipeline(pipeline()));
    workDir =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), "gateway-replicas-");
    platformGateway =
        new GatewayClient(GATEWAY, platform.serviceUrl(GATEWAY), platform::adminToken);
    second = startSecondReplica("serving-gateway-b");
    secondGateway = new GatewayClient(second.name(), second.url(""), platform::adminToken);
  }

  @AfterAll
  static void stopTheSecondGateway() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  void replicasRouteAlikeAndTheLeadersDeathNeitherStallsNorDoubleStepsTheRollout() {
    try {
      rollOutAcrossReplicas();
    } catch (AssertionError | RuntimeException e) {
      System.out.println("[gateway-replicas] log of " + second + ":\n" + tail(second.log()));
      throw e;
    }
  }

  private void rollOutAcrossReplicas() {
    String stable = Integer.toString(serveFirstVersion());
    int mark = story.events().mark();
    story.drop(IrisStory.folder(DATASET, "-v2"), IrisFiles.shuffled(story.irisCsv(), 7));
    Event started = awaitRolloutEvent("rollout.started", mark, STEPS.get(0));
    String candidate = started.text("version");
    assertThat(started.text("stableVersion")).as(started.describe()).isEqualTo(stable);

    // Nobody calls the model yet, so its first window cannot pass before the pause.
    assertThat(pause(platformGateway)).isEqualTo(STEPS.get(0));
    assertRoutedAlike(platformGateway, secondGateway, candidate, STEPS.get(0));

    SteadyTraffic toPlatform = SteadyTraffic.start(platformGateway, MODEL);
    SteadyTraffic toSecond = SteadyTraffic.start(secondGateway, MODEL);
    try {
      resume(secondGateway);
      awaitRolloutEvent("rollout.progressed", mark, STEPS.get(1));
      GatewayClient leader = awaitTheOneLeader();
      boolean platformLed = leader == platformGateway;
      GatewayClient survivor = platformLed ? secondGateway : platformGateway;
      SteadyTraffic survivorTraffic = platformLed ? toSecond : toPlatform;
      long answeredAtKill = survivorTraffic.answered();
      killGateway(platformLed);
      System.out.printf("[gateway-replicas] killed %s, the rollout's leader%n", leader);

      awaitRolloutEvent("rollout.progressed", mark, STEPS.get(2));
      await(survivor + " leads")
          .atMost(Duration.ofSeconds(30))
          .until(() -> survivor.leads().orElse(false));
      // Paused first: a restart outlasts the remaining windows.
      int weight = pause(survivor);
      assertThat(weight).as("paused mid-rollout").isIn(STEPS.get(2), STEPS.get(3));
      GatewayClient restarted = restartGateway(platformLed);
      assertRoutedAlikeNow(survivor, restarted, candidate, weight);
      resume(survivor);

      story.awaitEvent(
          "model.promoted of " + MODEL + " v" + candidate,
          mark,
          e -> e.is("model.promoted") && isOurs(e) && candidate.equals(e.text("version")));
      assertEveryWeightSteppedOnceInOrder(mark, candidate);
      assertThat(survivorTraffic.failed()).as(survivorTraffic.toString()).isZero();
      assertThat(survivorTraffic.answered())
          .as("the survivor answered after the kill: %s", survivorTraffic)
          .isGreaterThan(answeredAtKill);
      assertThat(survivorTraffic.answeredBy(candidate))
          .as("the candidate took a share: %s", survivorTraffic)
          .isPositive();
    } finally {
      toPlatform.close();
      toSecond.close();
    }
  }

  /** Drops Iris into {@code replicas/}; the model's first version serves at once. */
  private int serveFirstVersion() {
    Drop drop = story.drop(IrisStory.folder(DATASET, ""), story.irisCsv());
    Event promoted =
        story.awaitEvent(
            "model.promoted of " + MODEL,
            drop.mark(),
            e -> (e.is("model.promoted") || e.is("model.evaluated")) && isOurs(e));
    if (promoted.is("model.evaluated")) {
      promoted =
          story.awaitEvent(
              "model.promoted of " + MODEL, drop.mark(), e -> e.is("model.promoted") && isOurs(e));
    }
    String version = promoted.text("version");
    await("both replicas serve " + MODEL + " v" + version)
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                platformGateway.versionReady(MODEL, version)
                    && secondGateway.versionReady(MODEL, version));
    return Integer.parseInt(version);
  }

  /**
   * Waits for both replicas to route to the candidate, then asks each for the version of every key:
   * the answers are the same, key by key, and the candidate's share is near its weight.
   */
  private static void assertRoutedAlike(
      GatewayClient one, GatewayClient other, String candidate, int weight) {
    for (GatewayClient gateway : List.of(one, other)) {
      await(gateway + " routes some keys to v" + candidate)
          .atMost(Duration.ofSeconds(30))
          .until(() -> gateway.versionsByKey(MODEL, KEYS).containsValue(candidate));
    }
    assertRoutedAlikeNow(one, other, candidate, weight);
  }

  private static void assertRoutedAlikeNow(
      GatewayClient one, GatewayClient other, String candidate, int weight) {
    Map<String, String> fromOne = one.versionsByKey(MODEL, KEYS);
    Map<String, String> fromOther = other.versionsByKey(MODEL, KEYS);
    assertThat(fromOther).as("%s against %s, key by key", other, one).isEqualTo(fromOne);
    long toCandidate = fromOne.values().stream().filter(candidate::equals).count();
    // 200 keys over 100 hash buckets: the share is near the weight, not exactly it.
    assertThat(100.0 * toCandidate / KEYS.size())
        .as("share of keys routed to v%s at %d%%", candidate, weight)
        .isBetween(weight - 12.0, weight + 12.0);
  }

  /** Pauses the rollout through {@code gateway}; returns the weight it stands at. */
  private static int pause(GatewayClient gateway) {
    GatewayClient.Answer paused = gateway.rolloutAction(MODEL, "pause");
    assertThat(paused.status()).as(paused.detail()).isEqualTo(200);
    try {
      return Json.mapper().readTree(paused.detail()).path("candidatePercent").asInt(-1);
    } catch (java.io.IOException e) {
      throw new AssertionError("the pause answered no rollout: " + paused.detail(), e);
    }
  }

  private static void resume(GatewayClient gateway) {
    GatewayClient.Answer resumed = gateway.rolloutAction(MODEL, "resume");
    assertThat(resumed.status()).as(resumed.detail()).isEqualTo(200);
  }

  /** Exactly one replica counts itself leader; it is returned. */
  private static GatewayClient awaitTheOneLeader() {
    return await("exactly one replica leads the rollouts")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              boolean platformLeads = platformGateway.leads().orElse(false);
              boolean secondLeads = secondGateway.leads().orElse(false);
              if (platformLeads == secondLeads) {
                return Optional.<GatewayClient>empty();
              }
              return Optional.of(platformLeads ? platformGateway : secondGateway);
            },
            Optional::isPresent)
        .orElseThrow();
  }

  private static void killGateway(boolean platformLed) {
    if (platformLed) {
      new Faults(platform).kill(GATEWAY);
    } else {
      second.kill();
    }
  }

  /** Starts the killed replica again; it is back once it reports ready. */
  private static GatewayClient restartGateway(boolean platformLed) {
    if (platformLed) {
      platform.restart(GATEWAY);
      return platformGateway;
    }
    second = startSecondReplica("serving-gateway-b");
    secondGateway = new GatewayClient(second.name(), second.url(""), platform::adminToken);
    return secondGateway;
  }

  private static ServiceReplica startSecondReplica(String name) {
    ServiceReplica replica =
        ServiceReplica.start(
            platform.repo(), GATEWAY, name, FreePorts.find(), environment(), workDir);
    await(replica + " ready")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .failFast(replica + " exited", () -> !replica.isAlive())
        .until(replica::isReady);
    return replica;
  }

  /** What {@code sluice up} gives its gateway, on another port. */
  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
        platform.home().resolve("keys/token-signing-key.pub.pem").toString());
    env.put("MP_JWT_VERIFY_ISSUER", "sluice-local");
    env.put("KAFKA_BOOTSTRAP_SERVERS", platform.kafkaBootstrap());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", platform.postgresJdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", Platform.POSTGRES_USER);
    env.put("QUARKUS_DATASOURCE_PASSWORD", Platform.POSTGRES_PASSWORD);
    env.put("SLUICE_S3_ENDPOINT", platform.s3Endpoint());
    env.put("SLUICE_S3_ACCESS_KEY", Platform.S3_ACCESS_KEY);
    env.put("SLUICE_S3_SECRET_KEY", Platform.S3_SECRET_KEY);
    env.put("SLUICE_S3_REGION", Platform.S3_REGION);
    env.put("ORT_DISABLE_TELEMETRY", "1");
    return env;
  }

  /** The first {@code type} event of this model at {@code weight} after the mark. */
  private static Event awaitRolloutEvent(String type, int mark, int weight) {
    Event event =
        await(type + " of " + MODEL + " at " + weight + "%")
            .atMost(ROLLOUT_TIMEOUT)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    story.events().since(mark).stream()
                        .filter(e -> e.is(type) && isOurs(e))
                        .filter(e -> e.data().path("trafficPercent").asInt() == weight)
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(event.text("phase")).as(event.describe()).isEqualTo("CANARY");
    return event;
  }

  /** After {@code rollout.started} at the first weight: each later one once, then promoting. */
  private static void assertEveryWeightSteppedOnceInOrder(int mark, String candidate) {
    List<String> progress =
        story.events().since(mark, "rollout.progressed", e -> isOurs(e)).stream()
            .filter(e -> candidate.equals(e.text("version")))
            .map(e -> e.text("phase") + " " + e.data().path("trafficPercent").asInt())
            .toList();
    assertThat(progress)
        .as("rollout.progressed of v%s, in order", candidate)
        .containsExactly(
            "CANARY " + STEPS.get(1),
            "CANARY " + STEPS.get(2),
            "CANARY " + STEPS.get(3),
            "PROMOTING 100");
  }

  private static boolean isOurs(Event event) {
    return MODEL.equals(event.text("modelName"));
  }

  /**
   * The Iris pipeline cut to one learner, for a short chain, on its own dataset and model name,
   * rolled out as a canary whose only check is the number of requests: nothing here judges latency,
   * which the kill disturbs.
   */
  private static String pipeline() {
    return """
        name: replicas
        trigger: {dataset: %s}
        params: {steps_jar: steps/target/sluice-steps.jar, seed: "42"}
        steps:
          - name: split
            image: ghcr.io/sluice/steps:0.1.0
            command: [java, -jar, "{{params.steps_jar}}", split, --data, "{{inputs.data}}",
                      --train, "{{outputs.train}}", --test, "{{outputs.test}}",
                      --test-fraction, "0.3", --seed, "{{params.seed}}"]
            inputs: {data: dataset}
            outputs: [train, test]
            timeout: 5m
            env: {ORT_DISABLE_TELEMETRY: "1"}
          - name: train
            image: ghcr.io/sluice/steps:0.1.0
            command: [java, -jar, "{{params.steps_jar}}", train, --algorithm, logistic,
                      --train, "{{inputs.train}}", --model, "{{outputs.model}}",
                      --seed, "{{params.seed}}", --epochs, "100"]
            inputs: {train: split.train}
            outputs: [model]
            timeout: 10m
            env: {ORT_DISABLE_TELEMETRY: "1"}
          - name: evaluate
            image: ghcr.io/sluice/steps:0.1.0
            command: [java, -jar, "{{params.steps_jar}}", evaluate, --model, "{{inputs.model}}",
                      --test, "{{inputs.test}}", --report, "{{outputs.report}}"]
            inputs: {model: train.model, test: split.test}
            outputs: [report]
            timeout: 5m
            env: {ORT_DISABLE_TELEMETRY: "1"}
          - name: select
            image: ghcr.io/sluice/steps:0.1.0
            command: [java, -jar, "{{params.steps_jar}}", select,
                      --candidate, "logistic={{inputs.model}}:{{inputs.report}}",
                      --model, "{{outputs.model}}", --metric, accuracy]
            inputs: {model: train.model, report: evaluate.report}
            outputs: [model]
            timeout: 5m
            env: {ORT_DISABLE_TELEMETRY: "1"}
        model:
          name: %s
          artifact: select.model
          metrics: select
          gate:
            - {metric: accuracy, min: 0.9}
          serving:
            strategy: canary
            steps: %s
            stepSeconds: %d
            analysis:
              minRequests: %d
              maxErrorRate: null
              maxErrorRateOverStable: null
              maxLatencyP99Ratio: null
        """
        .formatted(DATASET, MODEL, STEPS, STEP_SECONDS, MIN_REQUESTS);
  }

  private static String tail(String log) {
    return log.length() <= 8_000 ? log : log.substring(log.length() - 8_000);
  }
}
