package io.sluice.ingest;

import static io.sluice.ingest.Ingest.completedDrops;
import static io.sluice.ingest.Ingest.counter;
import static io.sluice.ingest.Ingest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.Topics;
import io.sluice.ingest.messaging.DropReconciler;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drops whose notification MinIO never sent are found by a reconciliation pass; drops that were
 * notified are not counted or announced twice. Passes are run by the tests (the timer is off in
 * tests, with no grace period).
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ReconciliationIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String FOUND = "sluice_ingest_reconcile_drops_total";
  private static TestEventBus topic;
  private static DatasetsBucket bucket;

  @Inject DropReconciler reconciler;

  @BeforeAll
  static void connect() {
    topic = TestEventBus.following(Topics.DATA);
    bucket = new DatasetsBucket();
  }

  @AfterAll
  static void disconnect() throws Exception {
    bucket.close();
    topic.close();
  }

  @Test
  void aDropWhoseNotificationsWereLostArrivesOnceAfterAReconciliationPass() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    withoutNotifications(() -> dropIris(name + "/lost/"));

    reconciler.reconcile();

    DataArrived arrived = awaitOneArrival(name);
    assertThat(arrived.dropFolder()).isEqualTo(name + "/lost/");
    assertThat(arrived.completion()).isEqualTo(Completion.SUCCESS_MARKER);
    assertThat(counter(FOUND, "\"" + name + "\"")).isEqualTo(1.0);

    reconciler.reconcile();
    assertStaysOneArrival(name);
    assertThat(counter(FOUND, "\"" + name + "\"")).isEqualTo(1.0);
    assertThat(completedDrops(name)).containsExactly(name + "/lost/");
  }

  @Test
  void aNotifiedDropAndAReconciliationPassGiveOneDataArrived() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    dropIris(name + "/both/");

    reconciler.reconcile();
    awaitOneArrival(name);
    reconciler.reconcile();

    assertStaysOneArrival(name);
  }

  @Test
  void aQuietDropWhoseNotificationsWereLostArrivesAfterAPass() throws Exception {
    String name = register("{\"rule\":\"QUIET_PERIOD\",\"quietSeconds\":1}");
    withoutNotifications(() -> bucket.put(name + "/q/iris.csv", DatasetsBucket.iris()));
    Instant quietFrom = Instant.now().plusSeconds(2);
    await().atMost(WAIT).until(() -> Instant.now().isAfter(quietFrom));

    reconciler.reconcile();

    assertThat(awaitOneArrival(name).completion()).isEqualTo(Completion.QUIET_PERIOD);
  }

  @Test
  void dropsWrittenBeforeTheDatasetWasRegisteredAreLeftAlone() throws Exception {
    String name = "old-" + UUID.randomUUID().toString().substring(0, 8);
    withoutNotifications(() -> dropIris(name + "/before/"));
    // Store times have whole seconds: register in a later second than the drop was written.
    Instant nextSecond = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    await().atMost(WAIT).until(() -> Instant.now().isAfter(nextSecond));
    String registered = register(name, "{\"rule\":\"SUCCESS_MARKER\"}");

    reconciler.reconcile();

    assertThat(completedDrops(registered)).isEmpty();
    assertThat(arrivals(registered)).isEmpty();
  }

  private static void dropIris(String folder) throws Exception {
    bucket.put(folder + "iris.csv", DatasetsBucket.iris());
    bucket.put(folder + "_SUCCESS", "");
  }

  private static void withoutNotifications(ThrowingRunnable writes) throws Exception {
    SluiceInfra infra = SluiceInfra.get();
    infra.s3().stopPublishingNotifications();
    try {
      writes.run();
    } finally {
      infra.s3().publishNotificationsTo(infra.kafka().bootstrapServers());
    }
  }

  private static List<DataArrived> arrivals(String dataset) {
    return topic.events(dataset, DataArrived.class);
  }

  private static DataArrived awaitOneArrival(String dataset) {
    await().atMost(WAIT).until(() -> !arrivals(dataset).isEmpty());
    assertThat(arrivals(dataset)).hasSize(1);
    return arrivals(dataset).get(0);
  }

  /** Long enough for a second read of the drop to be recorded and its event relayed. */
  private static void assertStaysOneArrival(String dataset) {
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(arrivals(dataset)).hasSize(1));
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
