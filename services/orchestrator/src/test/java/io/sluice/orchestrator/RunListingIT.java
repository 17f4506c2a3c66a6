package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.eventing.Transactor;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunTrigger;
import io.sluice.events.Topics;
import io.sluice.events.TriggerKind;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.run.RunFilter;
import io.sluice.orchestrator.run.RunStart;
import io.sluice.orchestrator.run.RunStarter;
import io.sluice.orchestrator.run.RunState;
import io.sluice.orchestrator.run.RunStore;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding runs over REST: {@code GET /api/v1/runs} filtered by trigger, dataset version and
 * creation time (with the pipeline and state filters and the cursor), and refusing every value it
 * cannot read with a 400 that names the parameter.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RunListingIT {

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject Transactor transactor;
  @Inject RunStarter starter;
  @Inject PipelineSpecs specs;
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
  void listFiltersByTriggerDatasetVersionAndCreationTime() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> first = driver.arrive(pipeline);
    String run1 = driver.awaitRequest(first.correlationId(), "split", 1).runId();
    Instant between = laterMillisecond();
    EventEnvelope<DataArrived> second = driver.arrive(pipeline);
    String run2 = driver.awaitRequest(second.correlationId(), "split", 1).runId();
    String run3 = startManually(pipeline, first.data(), "ada");
    String v1 = first.data().versionId();

    assertThat(ids("pipeline=" + pipeline)).containsExactly(run3, run2, run1);
    assertThat(ids("pipeline=" + pipeline + "&trigger=MANUAL")).containsExactly(run3);
    assertThat(ids("pipeline=" + pipeline + "&trigger=dataset")).containsExactly(run2, run1);
    assertThat(ids("pipeline=" + pipeline + "&datasetVersion=" + v1)).containsExactly(run3, run1);
    assertThat(ids("datasetVersion=" + v1 + "&trigger=DATASET")).containsExactly(run1);
    assertThat(ids("pipeline=" + pipeline + "&createdAfter=" + between))
        .containsExactly(run3, run2);
    assertThat(ids("pipeline=" + pipeline + "&createdBefore=" + between)).containsExactly(run1);
    assertThat(
            ids(
                "pipeline=%s&state=RUNNING&trigger=DATASET&createdAfter=%s"
                    .formatted(pipeline, between)))
        .containsExactly(run2);
    assertThat(ids("pipeline=" + pipeline + "&state=SUCCEEDED")).isEmpty();
  }

  @Test
  void listShowsEachRunsTriggerAndPagesFilteredRunsByCursor() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> first = driver.arrive(pipeline);
    String run1 = driver.awaitRequest(first.correlationId(), "split", 1).runId();
    EventEnvelope<DataArrived> second = driver.arrive(pipeline);
    String run2 = driver.awaitRequest(second.correlationId(), "split", 1).runId();
    String manual = startManually(pipeline, first.data(), "grace");

    JsonPath page = list("pipeline=" + pipeline + "&trigger=DATASET&limit=1");
    assertThat(page.getList("items.id", String.class)).containsExactly(run2);
    assertThat(page.getString("items[0].trigger.kind")).isEqualTo("DATASET");
    assertThat(page.getString("next")).isEqualTo(run2);
    JsonPath rest = list("pipeline=" + pipeline + "&trigger=DATASET&limit=1&cursor=" + run2);
    assertThat(rest.getList("items.id", String.class)).containsExactly(run1);
    assertThat(rest.getString("next")).isNull();

    JsonPath manualPage = list("pipeline=" + pipeline + "&trigger=MANUAL");
    assertThat(manualPage.getString("items[0].id")).isEqualTo(manual);
    assertThat(manualPage.getString("items[0].trigger.kind")).isEqualTo("MANUAL");
    assertThat(manualPage.getString("items[0].trigger.caller")).isEqualTo("grace");
  }

  @Test
  void everyValueTheListCannotReadIsA400NamingTheParameter() {
    // Long, but within the URL length the HTTP layer admits (a longer URL is its 414).
    String longText = "x".repeat(1_000);
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("state=NOPE", "state must be one of"),
            Map.entry("state=RUNNING&state=FAILED", "state is given 2 times"),
            Map.entry("trigger=cron", "trigger must be one of [DATASET, MANUAL"),
            Map.entry("trigger=DATASET'%20OR%201=1--", "trigger must be one of"),
            Map.entry("trigger=MANUAL&trigger=MANUAL", "trigger is given 2 times"),
            Map.entry("datasetVersion=abc", "datasetVersion must be"),
            Map.entry("datasetVersion=" + "A".repeat(64), "datasetVersion must be"),
            Map.entry("datasetVersion=" + "a".repeat(65), "datasetVersion must be"),
            Map.entry("createdAfter=yesterday", "createdAfter must be an ISO-8601 instant"),
            Map.entry("createdAfter=" + longText, "createdAfter must be an ISO-8601 instant"),
            Map.entry("createdBefore=2026-13-01T00:00:00Z", "createdBefore must be an ISO-8601"),
            Map.entry("createdBefore=2026-01-01", "createdBefore must be an ISO-8601"),
            Map.entry(
                "createdAfter=2026-02-01T00:00:00Z&createdBefore=2026-01-01T00:00:00Z",
                "createdAfter must be before createdBefore"),
            Map.entry("pipeline=" + longText, "pipeline must be a pipeline name"),
            Map.entry("pipeline=%20", "pipeline must be a pipeline name"),
            Map.entry("limit=0", "limit must be a whole number"),
            Map.entry("limit=201", "limit must be a whole number"),
            Map.entry("cursor=nope", "cursor must be a UUID"));
    cases.forEach(
        (query, detail) -> {
          var response =
              given()
                  .urlEncodingEnabled(false)
                  .auth()
                  .oauth2(TestTokens.admin())
                  .get("/api/v1/runs?" + query);
          assertThat(response.statusCode()).as(query).isEqualTo(400);
          assertThat(response.contentType()).as(query).startsWith("application/problem+json");
          assertThat(response.jsonPath().getString("detail")).as(query).contains(detail);
        });
  }

  @Test
  void aTimeFilterOnAnEmptyRangeFindsNothingAndSaysSoWithoutACursor() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?createdBefore=2000-01-01T00:00:00Z")
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(0))
        .body("next", equalTo(null));
  }

  /**
   * Every combination of the pipeline, state and trigger filters, with and without a time range and
   * a cursor, reads one index backwards with every condition in the index range: no sequential
   * scan, no sort, no filter over rows read (only a dataset version, which names few runs, may
   * filter what its index finds). Scans and sorts are priced out so that the planner shows whether
   * such a path exists at all, whatever the table holds now.
   */
  @Test
  void everyFilterCombinationPagesByAnIndexRangeWithoutAScanOrSort() throws Exception {
    Instant now = Instant.now();
    for (int mask = 0; mask < 32; mask++) {
      RunFilter filter =
          new RunFilter(
              (mask & 1) != 0 ? "iris" : null,
              (mask & 2) != 0 ? RunState.RUNNING : null,
              (mask & 4) != 0 ? TriggerKind.MANUAL : null,
              (mask & 16) != 0 ? "a".repeat(64) : null,
              (mask & 8) != 0 ? now.minusSeconds(3600) : null,
              (mask & 8) != 0 ? now : null);
      for (UUID cursor : java.util.Arrays.asList(null, UUID.randomUUID())) {
        String plan = plan(RunStore.pageQuery(filter, cursor, 51));
        assertThat(plan).as("plan of %s", filter).contains("Index Scan Backward");
        assertThat(plan).as("plan of %s", filter).doesNotContain("Seq Scan", "Sort", "Bitmap");
        if (filter.datasetVersion() == null) {
          assertThat(plan).as("plan of %s", filter).doesNotContain("Filter:");
        } else {
          assertThat(plan).as("plan of %s", filter).contains("runs_by_dataset_version");
        }
      }
    }
  }

  private String plan(RunStore.Query query) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement settings = c.createStatement()) {
        settings.execute("SET LOCAL enable_seqscan = off");
        settings.execute("SET LOCAL enable_sort = off");
        settings.execute("SET LOCAL enable_bitmapscan = off");
      }
      try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + query.sql())) {
        for (int i = 0; i < query.args().size(); i++) {
          explain.setObject(i + 1, query.args().get(i));
        }
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        return plan.toString();
      } finally {
        c.rollback();
      }
    }
  }

  /** Starts a manual run of the pipeline's latest version as the REST start will. */
  private String startManually(String pipeline, DataArrived data, String caller) throws Exception {
    return transactor.inTransaction(
        c -> {
          StoredPipeline stored = new PipelineStore().latest(c, pipeline).orElseThrow();
          var spec = specs.spec(stored);
          RunStart start =
              new RunStart(
                  stored,
                  spec,
                  data,
                  RunTrigger.manual(caller),
                  "test-" + IrisDrops.randomSha256(),
                  spec.params(),
                  true);
          return starter.start(c, start, null).orElseThrow().id().toString();
        });
  }

  /** An instant after every run made so far, at a millisecond of its own. */
  private static Instant laterMillisecond() {
    Instant now = Instant.now();
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> Instant.now().toEpochMilli() > now.toEpochMilli() + 1);
    Instant between = Instant.now();
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> Instant.now().toEpochMilli() > between.toEpochMilli() + 1);
    return between;
  }

  private static List<String> ids(String query) {
    return list(query).getList("items.id", String.class);
  }

  private static JsonPath list(String query) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String registerIris() throws Exception {
    String name = RunDriver.unique("list");
    RunDriver.register(
        Files.readString(Path.of("../../examples/iris/pipeline.yaml"))
            .replace("name: iris\n", "name: " + name + "\n")
            .replace("dataset: iris\n", "dataset: " + name + "\n"));
    return name;
  }
}
