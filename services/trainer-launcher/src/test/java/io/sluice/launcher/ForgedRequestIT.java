package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code step.requested} published straight to Kafka, not through the orchestrator, against a local
 * launcher with the shipped allow-lists: an image outside {@code sluice.images.allowed} or a
 * command outside {@code sluice.launcher.local.allowed-commands} ends in {@code step.failed} and
 * nothing runs. "Nothing runs" is seen on the host: each forged command would create a marker file,
 * and an allowed request with the same command does create it.
 */
@QuarkusTest
@TestProfile(ForgedRequestIT.ShippedAllowLists.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ForgedRequestIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String PROJECT_IMAGE = "ghcr.io/sluice/steps:0.1.0";

  /** A Java program that creates the file its argument names: `java Touch.java <file>`. */
  private static final String TOUCH =
      "public class Touch { public static void main(String[] a) throws Exception {"
          + " java.nio.file.Files.createFile(java.nio.file.Path.of(a[0])); } }";

  private static TestEventBus bus;
  private static Path dir;
  private static Path touch;

  /** The allow-lists as shipped, not the wider ones the other tests run with. */
  public static class ShippedAllowLists implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sluice.images.allowed", "ghcr.io/sluice/*",
          "sluice.launcher.local.allowed-commands", "java,python3,/usr/bin/python3");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    bus = TestEventBus.followingWithDeadLettersOf("trainer-launcher", Topics.RUNS);
    dir = Files.createTempDirectory("forged-requests");
    touch = Files.writeString(dir.resolve("Touch.java"), TOUCH);
  }

  @AfterAll
  static void stop() throws Exception {
    bus.close();
  }

  @Test
  void refusesAShellCommandAndRunsNothing() throws Exception {
    String run = newRun();
    Path marker = dir.resolve(run + "-shell");

    send(request(run, "pwn", PROJECT_IMAGE, "sh", "-c", "touch " + marker));

    StepFailed failed = awaitFailed(run, "pwn");
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message())
        .contains("local command 'sh' is not allowed")
        .contains("sluice.launcher.local.allowed-commands");
    assertNothingStarted(run, "pwn", marker);
  }

  @Test
  void refusesAnImageOutsideTheAllowListAndRunsNothing() throws Exception {
    String run = newRun();
    Path marker = dir.resolve(run + "-image");

    send(
        request(
            run, "mine", "registry.evil.example/miner:1", "java", touch.toString(), "" + marker));

    StepFailed failed = awaitFailed(run, "mine");
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.message())
        .contains("image 'registry.evil.example/miner:1' is not allowed")
        .contains("sluice.images.allowed");
    assertNothingStarted(run, "mine", marker);
  }

  @Test
  void runsTheSameCommandUnderAnAllowedImage() throws Exception {
    String run = newRun();
    Path marker = dir.resolve(run + "-allowed");

    send(request(run, "touch", PROJECT_IMAGE, "java", touch.toString(), marker.toString()));

    awaitOne(run, "touch", StepDone.class);
    assertThat(marker).exists();
  }

  @Test
  void aRedeliveredRefusedRequestIsRefusedOnce() throws Exception {
    String run = newRun();
    StepRequested forged = request(run, "twice", PROJECT_IMAGE, "bash", "-c", "true");
    EventEnvelope<StepRequested> event = EventEnvelope.first("orchestrator", run, null, forged);

    bus.send(event);
    bus.send(event);
    awaitFailed(run, "twice");
    sendSentinelAndAwait(run);

    assertThat(count(run, "twice", StepFailed.class)).isOne();
  }

  /**
   * After the refusal: a later request on the same run (same partition) is done, so the launcher
   * went past the forged one, and still no step.started and no marker.
   */
  private static void assertNothingStarted(String run, String step, Path marker) throws Exception {
    sendSentinelAndAwait(run);
    assertThat(count(run, step, StepStarted.class)).isZero();
    assertThat(marker).doesNotExist();
  }

  private static void sendSentinelAndAwait(String run) throws Exception {
    send(request(run, "sentinel", PROJECT_IMAGE, "java", "-version"));
    awaitOne(run, "sentinel", StepDone.class);
  }

  private static StepRequested request(String run, String step, String image, String... argv) {
    return new StepRequested(
        run,
        step,
        1,
        0,
        image,
        null,
        List.of(argv),
        Map.of(),
        List.of(),
        List.of(),
        new Resources("1", "512Mi", 0, null),
        Instant.now().plus(Duration.ofMinutes(10)),
        120,
        StepRequests.THREE_TRIES,
        StepRequests.randomSha256(),
        List.of());
  }

  private static void send(StepRequested request) throws Exception {
    bus.send(EventEnvelope.first("orchestrator", request.runId(), null, request));
  }

  private static String newRun() {
    return "run-" + StepRequests.randomSha256().substring(0, 16);
  }

  private static StepFailed awaitFailed(String run, String step) {
    return awaitOne(run, step, StepFailed.class);
  }

  private static <T extends EventData> T awaitOne(String run, String step, Class<T> type) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                bus.envelopes(run, type).stream()
                    .map(EventEnvelope::data)
                    .filter(data -> stepOf(data).equals(step))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static long count(String run, String step, Class<? extends EventData> type) {
    return bus.envelopes(run, type).stream().filter(e -> stepOf(e.data()).equals(step)).count();
  }

  private static String stepOf(EventData data) {
    if (data instanceof StepStarted started) {
      return started.stepName();
    }
    if (data instanceof StepDone done) {
      return done.stepName();
    }
    return data instanceof StepFailed failed ? failed.stepName() : "";
  }
}
