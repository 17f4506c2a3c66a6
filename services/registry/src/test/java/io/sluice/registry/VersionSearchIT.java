package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.IRIS_GATE;
import static io.sluice.registry.Candidates.candidate;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelRegistered;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.registry.version.VersionQueries;
import io.sluice.registry.version.VersionSearch;
import io.sluice.registry.version.VersionSearch.MetricBound;
import io.sluice.registry.version.VersionSearch.Operator;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/models/{name}/versions} with filters: each, combined, paged and refused. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class VersionSearchIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestEventBus bus;

  @Inject DataSource dataSource;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /** v1 approved (0.91), v2 approved and champion (0.97), v3 rejected (0.5); in that order. */
  private record Model(String name, List<ModelCandidate> versions) {
    String run(int version) {
      return versions.get(version - 1).runId();
    }
  }

  private static Model threeVersions() throws Exception {
    String model = uniqueModel();
    List<ModelCandidate> versions = new ArrayList<>();
    for (Map<String, Double> metrics :
        List.of(
            Map.of("accuracy", 0.91, "log_loss", 0.3),
            Map.of("accuracy", 0.97, "log_loss", 0.08),
            Map.of("accuracy", 0.5, "log_loss", 0.9))) {
      ModelCandidate candidate = candidate(model, uniqueRun(), metrics, IRIS_GATE);
      register(candidate);
      versions.add(candidate);
    }
    bus.send(promotion(model, 2, null, versions.get(1).artifact()));
    ChampionAlias.awaitChampion(model, 2);
    return new Model(model, versions);
  }

  @Test
  void eachFilterFindsTheVersionsItDescribes() throws Exception {
    Model m = threeVersions();
    assertFound(m, "metric=" + enc("accuracy>=0.95"), 2);
    assertFound(m, "metric=" + enc("accuracy<0.9"), 3);
    assertFound(m, "metric=" + enc("accuracy=0.91"), 1);
    assertFound(m, "metric=" + enc("log_loss>0.1"), 1, 3);
    assertFound(m, "metric=" + enc("log_loss<=0.08"), 2);
    assertFound(m, "metric=" + enc("f1_macro>=0"));
    assertFound(m, "alias=champion", 2);
    assertFound(m, "alias=challenger");
    assertFound(m, "datasetVersion=" + enc("dv-" + m.run(1)), 1);
    assertFound(m, "runId=" + enc(m.run(3)), 3);
    assertFound(m, "verdict=rejected", 3);
    assertFound(m, "verdict=APPROVED", 1, 2);
    Instant first = registeredAt(m, 1);
    Instant third = registeredAt(m, 3);
    assertFound(m, "registeredAfter=" + first, 2, 3);
    assertFound(m, "registeredBefore=" + third, 1, 2);
    assertFound(m, "registeredAfter=" + first + "&registeredBefore=" + third, 2);
    assertFound(m, "registeredBefore=2000-01-01T00:00:00Z");
  }

  @Test
  void combinedFiltersMustAllHoldAndPageLikeTheList() throws Exception {
    Model m = threeVersions();
    assertFound(
        m,
        "metric=" + enc("accuracy>=0.9") + "&verdict=approved&metric=" + enc("log_loss<=0.1"),
        2);
    assertFound(m, "verdict=approved&alias=champion&runId=" + enc(m.run(1)));
    assertFound(m, "verdict=approved&runId=" + enc(m.run(1)), 1);

    JsonPath first = search(m, "verdict=approved&limit=1", 200);
    assertThat(first.getList("items.version")).containsExactly(1);
    assertThat(first.getInt("next")).isEqualTo(1);
    JsonPath second = search(m, "verdict=approved&limit=1&after=1", 200);
    assertThat(second.getList("items.version")).containsExactly(2);
    assertThat((Object) second.get("next")).isNull();
  }

  @Test
  void malformedFiltersAreProblemsNamingTheParameter() throws Exception {
    Model m = threeVersions();
    Map<String, String> refusals = new java.util.LinkedHashMap<>();
    refusals.put("metric=accuracy", "metric 'accuracy' is not <name><op><number>");
    refusals.put("metric=" + enc("accuracy>>0.9"), "metric ");
    refusals.put("metric=" + enc("accuracy>=high"), "metric ");
    refusals.put("metric=" + enc("accuracy>=NaN"), "metric ");
    refusals.put("metric=" + enc("accuracy>=1e999"), "metric ");
    refusals.put("metric=" + enc("accuracy>=0.9;DROP TABLE models"), "metric ");
    refusals.put("metric=" + enc("x".repeat(300) + ">=1"), "metric ");
    refusals.put("metric=" + enc("a>=1&metric="), "metric ");
    refusals.put("metric=a%3E%3D1" + "&metric=a%3E%3D1".repeat(10), "metric is given 11 times");
    refusals.put("verdict=maybe", "verdict 'maybe' is not approved or rejected");
    refusals.put("verdict=approved&verdict=rejected", "verdict is given 2 times");
    refusals.put("runId=a&runId=b", "runId is given 2 times");
    refusals.put("alias=Champion%21", "alias 'Champion!'");
    refusals.put("datasetVersion=" + enc("../../etc"), "datasetVersion '../../etc'");
    refusals.put("runId=%00", "query parameter 'runId' holds a control character");
    refusals.put("registeredAfter=yesterday", "registeredAfter 'yesterday' is not an ISO-8601");
    refusals.put("registeredBefore=2026-13-01T00:00:00Z", "registeredBefore ");
    refusals.put("metrics=" + enc("accuracy>=0.9"), "unknown query parameter 'metrics'");
    refusals.put("limit=0", "limit must be");
    refusals.put("limit=1&limit=2", "limit is given 2 times");
    refusals.put("after=-1", "after '-1' is not a version number");
    refusals.forEach(
        (query, detail) -> {
          Response response = get(m, query);
          assertThat(response.statusCode()).as(query).isEqualTo(400);
          assertThat(response.contentType()).as(query).startsWith("application/problem+json");
          assertThat(response.jsonPath().getString("detail")).as(query).startsWith(detail);
        });
  }

  /**
   * Every combination of filters reads the model's versions through an index, never a sequential
   * scan of all models' versions. Scans are priced out so that the planner shows whether an index
   * path exists at all, whatever the table holds now.
   */
  @Test
  void everyFilterCombinationReadsAnIndexWithoutAScan() throws Exception {
    for (int mask = 0; mask < 64; mask++) {
      VersionSearch search =
          new VersionSearch(
              (mask & 1) != 0
                  ? List.of(new MetricBound("accuracy", Operator.AT_LEAST, 0.9))
                  : List.of(),
              (mask & 2) != 0 ? "champion" : null,
              (mask & 4) != 0 ? "dv-1" : null,
              (mask & 8) != 0 ? "run-1" : null,
              (mask & 16) != 0 ? Verdict.APPROVED : null,
              (mask & 32) != 0 ? Instant.now().minusSeconds(3600) : null,
              (mask & 32) != 0 ? Instant.now() : null);
      String plan = plan(VersionQueries.pageQuery("iris", search, 0, 21));
      assertThat(plan).as("plan of %s", search).contains("Index").doesNotContain("Seq Scan");
    }
  }

  private String plan(io.sluice.registry.version.SearchQuery query) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement settings = c.createStatement()) {
        settings.execute("SET LOCAL enable_seqscan = off");
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

  private static void assertFound(Model m, String query, Integer... versions) {
    assertThat(search(m, query, 200).getList("items.version", Integer.class))
        .as(query)
        .containsExactly(versions);
  }

  private static JsonPath search(Model m, String query, int status) {
    Response response = get(m, query);
    assertThat(response.statusCode()).as(query + ": " + response.asString()).isEqualTo(status);
    return response.jsonPath();
  }

  private static Response get(Model m, String query) {
    return given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/" + m.name() + "/versions?" + query);
  }

  private static Instant registeredAt(Model m, int version) {
    return Instant.parse(
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/models/{name}/versions/{v}", m.name(), version)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("registeredAt"));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void register(ModelCandidate candidate) {
    String model = candidate.modelName();
    bus.send(candidateEvent(candidate));
    await()
        .atMost(WAIT)
        .until(
            () ->
                bus.events(model, ModelRegistered.class).stream()
                    .anyMatch(r -> r.runId().equals(candidate.runId())));
  }
}
