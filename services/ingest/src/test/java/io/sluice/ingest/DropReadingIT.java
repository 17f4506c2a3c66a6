package io.sluice.ingest;

import static io.sluice.ingest.Ingest.completedDrops;
import static io.sluice.ingest.Ingest.counter;
import static io.sluice.ingest.Ingest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.events.DataArrived;
import io.sluice.events.Topics;
import io.sluice.ingest.store.GatedObjectStore;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading a drop is slow I/O: it must hold no database transaction open and must not stall the
 * consumer of MinIO's notifications, and a drop notified again while it is read still yields one
 * {@code data.arrived}. The store here waits on every read of a held folder until released.
 */
@QuarkusTest
@TestProfile(DropReadingIT.SlowStore.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DropReadingIT {

  /** Swaps in the gated store. */
  public static class SlowStore implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(GatedObjectStore.class);
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONGEST_TRANSACTION = Duration.ofSeconds(1);
  private static TestEventBus topic;
  private static DatasetsBucket bucket;

  @Inject AgroalDataSource dataSource;

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

  @AfterEach
  void releaseTheStore() {
    GatedObjectStore.release();
  }

  @Test
  void noTransactionStaysOpenWhileADropIsRead() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    GatedObjectStore.hold(name + "/slow/");
    drop(name + "/slow/");
    await().atMost(WAIT).until(GatedObjectStore::isReading);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(oldestOpenTransaction()).isLessThan(LONGEST_TRANSACTION));

    GatedObjectStore.release();
    assertThat(awaitOneArrival(name).dropFolder()).isEqualTo(name + "/slow/");
  }

  @Test
  void notificationsAreStillConsumedWhileADropIsRead() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    GatedObjectStore.hold(name + "/slow/");
    drop(name + "/slow/");
    await().atMost(WAIT).until(GatedObjectStore::isReading);

    double before = counter("sluice_ingest_objects_ignored_total", "\"no_dataset\"");
    bucket.put("unregistered-" + UUID.randomUUID() + "/d1/x.csv", "a\n1\n");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(counter("sluice_ingest_objects_ignored_total", "\"no_dataset\""))
                    .isGreaterThan(before));
  }

  @Test
  void aDropNotifiedAgainWhileItIsReadYieldsOneDataArrived() throws Exception {
    String name = register("{\"rule\":\"SUCCESS_MARKER\"}");
    String marker = name + "/twice/_SUCCESS";
    GatedObjectStore.hold(name + "/twice/");
    drop(name + "/twice/");
    await().atMost(WAIT).until(GatedObjectStore::isReading);

    topic.send(Topics.MINIO_BUCKET_EVENTS, "datasets/" + marker, Map.of(), Ingest.created(marker));
    topic.send(Topics.MINIO_BUCKET_EVENTS, "datasets/" + marker, Map.of(), Ingest.created(marker));
    GatedObjectStore.release();

    awaitOneArrival(name);
    // Read again after the new notifications, and recorded as a duplicate: no second event.
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(completedDrops(name)).hasSizeGreaterThanOrEqualTo(2));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(arrivals(name)).hasSize(1));
  }

  /** How long the oldest transaction of another connection to this database has been open. */
  private Duration oldestOpenTransaction() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)"
                    + " FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL")) {
      row.next();
      return Duration.ofMillis((long) (row.getDouble(1) * 1000));
    }
  }

  private static void drop(String folder) throws Exception {
    bucket.put(folder + "iris.csv", DatasetsBucket.iris());
    bucket.put(folder + "_SUCCESS", "");
  }

  private static List<DataArrived> arrivals(String dataset) {
    return topic.events(dataset, DataArrived.class);
  }

  private static DataArrived awaitOneArrival(String dataset) {
    await().atMost(WAIT).until(() -> !arrivals(dataset).isEmpty());
    assertThat(arrivals(dataset)).hasSize(1);
    return arrivals(dataset).get(0);
  }
}
