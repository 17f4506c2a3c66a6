package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.events.TriggerKind;
import io.sluice.orchestrator.run.RunSubscriptions;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code trigger.pipeline}: a successful upstream run starts one run of each chained pipeline, on
 * its dataset version and with its outputs, however often its {@code run.succeeded} arrives.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ChainingIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject DataSource dataSource;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void aSucceededRunStartsOneChainedRunWithItsOutputsEvenWhenRunSucceededComesAgain()
      throws Exception {
    String upstream = RunDriver.unique("up");
    RunDriver.register(upstreamSpec(upstream));
    String downstream = RunDriver.unique("down");
    RunDriver.register(chainedSpec(downstream, upstream, "upstream.train.model"));
    String broken = RunDriver.unique("broken");
    RunDriver.register(chainedSpec(broken, upstream, "upstream.train.report"));

    EventEnvelope<DataArrived> arrival = driver.arrive(upstream);
    String chain = arrival.correlationId();
    EventEnvelope<StepRequested> train = driver.awaitRequestEvent(chain, "train", 1);
    driver.done(train, train.data(), Map.of("accuracy", 0.9));
    EventEnvelope<RunSucceeded> succeeded =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunSucceeded.class), list -> !list.isEmpty())
            .get(0);

    StepRequested report = driver.awaitRequest(chain, "report", 1);
    RunStarted started = startedOf(chain, downstream);
    assertThat(started.trigger().kind()).isEqualTo(TriggerKind.PIPELINE);
    assertThat(started.trigger().upstreamPipeline()).isEqualTo(upstream);
    assertThat(started.trigger().upstreamRunId()).isEqualTo(succeeded.data().runId());
    assertThat(started.datasetVersion()).isEqualTo(arrival.data().versionId());
    assertThat(report.inputs())
        .singleElement()
        .satisfies(
            input -> {
              assertThat(input.name()).isEqualTo("model");
              assertThat(input.uri()).isEqualTo(train.data().outputs().get(0).uri());
            });
    RunFailed failed =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunFailed.class), list -> !list.isEmpty())
            .get(0)
            .data();
    assertThat(failed.pipelineName()).isEqualTo(broken);
    assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_MISSING);
    assertThat(failed.message())
        .contains("(upstream.train.report)", succeeded.data().runId(), "did not produce");

    // The same event again, and a replay of it as a new event (a dead-letter replay).
    bus.send(succeeded);
    EventEnvelope<RunSucceeded> replay =
        EventEnvelope.causedBy(succeeded, "orchestrator", succeeded.subject(), succeeded.data());
    bus.send(replay);
    await().atMost(PATIENCE).until(() -> applied(replay.id()));

    assertThat(runsOf(downstream)).isEqualTo(1);
    assertThat(runsOf(broken)).isEqualTo(1);
    assertThat(
            bus.chain(chain, RunStarted.class).stream()
                .filter(e -> e.data().pipelineName().equals(downstream)))
        .hasSize(1);
    assertThat(runsOf(upstream)).isEqualTo(1);
  }

  @Test
  void aChainedPipelineIsNotStartedByItsDatasetAndNotByAFailedUpstream() throws Exception {
    String upstream = RunDriver.unique("up");
    RunDriver.register(upstreamSpec(upstream));
    String downstream = RunDriver.unique("down");
    RunDriver.register(chainedSpec(downstream, upstream, "upstream.train.model"));

    EventEnvelope<DataArrived> arrival = driver.arrive(upstream);
    EventEnvelope<StepRequested> train =
        driver.awaitRequestEvent(arrival.correlationId(), "train", 1);
    driver.fail(train, train.data(), false);
    await()
        .atMost(PATIENCE)
        .until(() -> !bus.chain(arrival.correlationId(), RunFailed.class).isEmpty());

    assertThat(runsOf(downstream)).isZero();
  }

  private static String upstreamSpec(String name) {
    return """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
        """
        .formatted(name, name);
  }

  private static String chainedSpec(String name, String upstream, String input) {
    return """
        name: %s
        trigger: {dataset: %s, pipeline: %s}
        steps:
          - name: report
            image: img:1
            command: [report, "{{inputs.model}}"]
            inputs: {model: %s}
        """
        .formatted(name, upstream, upstream, input);
  }

  private static RunStarted startedOf(String chain, String pipeline) {
    List<RunStarted> started =
        bus.chain(chain, RunStarted.class).stream()
            .map(EventEnvelope::data)
            .filter(data -> data.pipelineName().equals(pipeline))
            .toList();
    assertThat(started).hasSize(1);
    return started.get(0);
  }

  private boolean applied(String eventId) throws Exception {
    return count(
            "SELECT count(*) FROM sluice_applied_events WHERE consumer = ? AND event_id = ?",
            RunSubscriptions.RUNS_CONSUMER,
            eventId)
        == 1;
  }

  private long runsOf(String pipeline) throws Exception {
    return count("SELECT count(*) FROM runs WHERE pipeline_name = ?", pipeline);
  }

  private long count(String sql, String... args) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setString(i + 1, args[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
