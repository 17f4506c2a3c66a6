package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.gateway.serving.GatedPreparer;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preparing a model (download, verify, load, warm up) is slow I/O: it must hold no database
 * transaction open and must not stall the consumer of evaluations, and an evaluation delivered
 * twice while its version is prepared still yields one {@code model.promoted}.
 */
@QuarkusTest
@TestProfile(ModelPreparationIT.SlowPreparer.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ModelPreparationIT {

  /** Swaps in the gated preparer. */
  public static class SlowPreparer implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(GatedPreparer.class);
    }
  }

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration LONGEST_TRANSACTION = Duration.ofSeconds(1);
  private static TestEventBus bus;

  @Inject StorageClient storage;
  @Inject MeterRegistry meters;
  @Inject AgroalDataSource dataSource;

  @BeforeAll
  static void connect() {
    bus = TestEventBus.following(Topics.MODELS);
  }

  @AfterAll
  static void disconnect() {
    bus.close();
  }

  @AfterEach
  void releaseThePreparer() {
    GatedPreparer.release();
  }

  @Test
  void noTransactionStaysOpenWhileAModelIsPrepared() throws Exception {
    String model = uniqueModel();
    GatedPreparer.hold(model);
    bus.send(ModelEvents.first(model, approved(model, 1)));
    await().atMost(PATIENCE).until(GatedPreparer::isPreparing);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(oldestOpenTransaction()).isLessThan(LONGEST_TRANSACTION));

    GatedPreparer.release();
    await().atMost(PATIENCE).until(() -> ModelEvents.promoted(bus, model).size() == 1);
  }

  @Test
  void evaluationsAreStillConsumedWhileAModelIsPrepared() throws Exception {
    String model = uniqueModel();
    GatedPreparer.hold(model);
    bus.send(ModelEvents.first(model, approved(model, 1)));
    await().atMost(PATIENCE).until(GatedPreparer::isPreparing);
    double rejectedBefore = evaluations("rejected");

    String other = uniqueModel();
    bus.send(ModelEvents.first(other, Evaluations.of(other, 1, Verdict.REJECTED)));

    await().atMost(PATIENCE).until(() -> evaluations("rejected") > rejectedBefore);
  }

  @Test
  void anEvaluationDeliveredTwiceWhileItIsPreparedIsPromotedOnce() throws Exception {
    String model = uniqueModel();
    GatedPreparer.hold(model);
    EventEnvelope<ModelEvaluated> event = ModelEvents.first(model, approved(model, 1));
    bus.send(event);
    await().atMost(PATIENCE).until(GatedPreparer::isPreparing);

    bus.send(event);
    bus.send(ModelEvents.first(model, event.data()));
    GatedPreparer.release();

    await().atMost(PATIENCE).until(() -> ModelEvents.promoted(bus, model).size() == 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(ModelEvents.promoted(bus, model)).hasSize(1));
  }

  private String uniqueModel() {
    return "iris-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private ModelEvaluated approved(String model, int version) {
    String folder = "runs/" + model + "/train/" + version + "/model/";
    storage.put("artifacts", folder + "model.onnx", IrisModel.onnx());
    storage.put("artifacts", folder + "signature.json", "{}".getBytes(StandardCharsets.UTF_8));
    return Evaluations.of(
        model,
        version,
        Verdict.APPROVED,
        "s3://artifacts/" + folder + "model.onnx",
        IrisModel.sha256());
  }

  private double evaluations(String outcome) {
    return meters.counter("sluice.gateway.evaluations", "outcome", outcome).count();
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
}
