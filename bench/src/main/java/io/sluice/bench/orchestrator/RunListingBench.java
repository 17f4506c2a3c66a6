package io.sluice.bench.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.TestPostgres;
import io.sluice.testkit.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Latency of listing runs over REST ({@code GET /api/v1/runs}) with many stored runs: the real
 * orchestrator (its built fast-jar, as a separate process, as {@link OrchestratorBench} starts it)
 * on the test kit's Kafka and PostgreSQL. A few real runs (simulated executor) make the template
 * that {@link StoredRuns#varied} copies; the history is then grown by SQL to each size in turn, and
 * at each size the same listings are timed, one request at a time, each response read in full:
 *
 * <ul>
 *   <li>the first page, unfiltered;
 *   <li>following {@code next} from the first page for {@code depth} pages (each page timed);
 *   <li>the page after that cursor ({@code depth} pages deep), fetched again and again;
 *   <li>{@code state=SUCCEEDED} (8 runs in 10);
 *   <li>{@code pipeline=bench-other&trigger=DATASET} (about 1 run in 175);
 *   <li>a {@code createdAfter}/{@code createdBefore} window of 2 s around the median run (stored
 *       runs are 1 ms apart within an insert chunk, so 1,000 to 2,000 runs; the bench prints it).
 * </ul>
 *
 * <p>Run from the repository root, after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * io.sluice.bench.orchestrator.RunListingBench [sizes=10000,100000] [requests=300] [depth=100]
 * [limit=50]}. The orchestrator's log goes to {@code bench/target/run-listing-bench.log}.
 */
public final class RunListingBench {

  private static final String DATASET = "bench";
  private static final String OTHER_PIPELINE = "bench-other";
  private static final int TEMPLATE_RUNS = 20;
  private static final Path JAR =
      Path.of("services/orchestrator/target/quarkus-app/quarkus-run.jar");
  private static final Path LOG = Path.of("bench/target/run-listing-bench.log");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String token = TestTokens.withRoles(Roles.VIEWER);
  private final URI base;
  private final int limit;

  private RunListingBench(URI base, int limit) {
    this.base = base;
    this.limit = limit;
  }

  /** One row of the table: a listing at one history size. */
  private record Row(String listing, long storedRuns, Percentiles latencies) {}

  public static void main(String[] args) throws Exception {
    long[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int depth = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int limit = args.length > 3 ? Integer.parseInt(args[3]) : 50;

    SluiceInfra infra = SluiceInfra.get();
    TestPostgres postgres = infra.postgres();
    String database = "listing_bench_" + UUID.randomUUID().toString().substring(0, 8);
    String url = postgres.createDatabase(database);
    DataSource dataSource = postgres.dataSource(url);
    DurabilitySetting.apply(dataSource, database);
    String bootstrap = infra.kafka().bootstrapServers();
    Files.createDirectories(LOG.getParent());
    List<Row> rows = new ArrayList<>();
    try (OrchestratorProcess orchestrator =
            OrchestratorProcess.start(
                JAR, OrchestratorBench.environment(bootstrap, url, postgres), List.of(), LOG);
        SimulatedExecutor executor = new SimulatedExecutor(bootstrap);
        DatasetDrops drops = new DatasetDrops(bootstrap, DATASET)) {
      BenchPipeline.register(orchestrator.baseUri(), BenchPipeline.yaml("bench-chain", DATASET, 5));
      // Never triggered (nothing drops its dataset): its runs are only the stored ones.
      BenchPipeline.register(
          orchestrator.baseUri(), BenchPipeline.yaml(OTHER_PIPELINE, "bench-other-data", 2));
      StoredRuns stored = StoredRuns.varied(dataSource, OTHER_PIPELINE);
      new Scenarios(drops, executor, stored).oneAtATime("template runs", TEMPLATE_RUNS);
      RunListingBench bench = new RunListingBench(orchestrator.baseUri(), limit);
      boolean warmedUp = false;
      for (long size : sizes) {
        long started = System.nanoTime();
        stored.growTo(size);
        long count = stored.count();
        System.out.printf(
            "[bench] database filled to %,d runs in %.1f s%n",
            count, (System.nanoTime() - started) / 1e9);
        if (!warmedUp) {
          // The JIT's warm-up, on the smaller history, so that it does not count against it.
          bench.measureAll(dataSource, count, requests, depth, new ArrayList<>());
          warmedUp = true;
        }
        bench.measureAll(dataSource, count, requests, depth, rows);
      }
    }
    print(rows, sizes.length > 1);
    System.exit(0);
  }

  /** Every listing at the current history size, each after a few untimed requests. */
  private void measureAll(
      DataSource dataSource, long count, int requests, int depth, List<Row> rows) throws Exception {
    int warmup = Math.max(1, requests / 10);
    String first = "limit=" + limit;
    rows.add(measure("first page", count, first, warmup, requests, run -> true));

    // Follow next from the first page; each page of the walk is one sample.
    Percentiles walk = new Percentiles();
    String cursor = null;
    for (int page = 0; page < depth; page++) {
      String query = first + (cursor == null ? "" : "&cursor=" + cursor);
      long startedAt = System.nanoTime();
      String body = get(query);
      walk.add(System.nanoTime() - startedAt);
      JsonNode next = JSON.readTree(body).get("next");
      if (next == null || next.isNull()) {
        throw new IllegalStateException("the listing ended after " + (page + 1) + " pages");
      }
      cursor = next.asText();
    }
    rows.add(new Row("walk: following next, pages 1-" + depth, count, walk));
    rows.add(
        measure(
            "page " + (depth + 1) + " (cursor " + depth + " pages deep)",
            count,
            first + "&cursor=" + cursor,
            warmup,
            requests,
            run -> true));

    rows.add(
        measure(
            "state=SUCCEEDED",
            count,
            first + "&state=SUCCEEDED",
            warmup,
            requests,
            run -> run.get("state").asText().equals("SUCCEEDED")));
    rows.add(
        measure(
            "pipeline=" + OTHER_PIPELINE + "&trigger=DATASET",
            count,
            first + "&pipeline=" + OTHER_PIPELINE + "&trigger=DATASET",
            warmup,
            requests,
            run ->
                run.get("pipelineName").asText().equals(OTHER_PIPELINE)
                    && run.get("trigger").get("kind").asText().equals("DATASET")));

    Instant[] window = window(dataSource);
    rows.add(
        measure(
            "createdAfter/createdBefore, 2 s window mid-history",
            count,
            first + "&createdAfter=" + window[0] + "&createdBefore=" + window[1],
            warmup,
            requests,
            run -> {
              Instant created = Instant.parse(run.get("createdAt").asText());
              return !created.isBefore(window[0]) && created.isBefore(window[1]);
            }));
  }

  /**
   * {@code requests} timed requests of {@code query} after {@code warmup} untimed ones; the first
   * response must be a full page whose every run {@code matches}.
   */
  private Row measure(
      String listing,
      long count,
      String query,
      int warmup,
      int requests,
      Predicate<JsonNode> matches)
      throws IOException, InterruptedException {
    JsonNode items = JSON.readTree(get(query)).get("items");
    if (items.size() != limit) {
      throw new IllegalStateException(listing + ": " + items.size() + " runs, not " + limit);
    }
    for (JsonNode run : items) {
      if (!matches.test(run)) {
        throw new IllegalStateException(listing + ": does not match the filter: " + run);
      }
    }
    for (int i = 0; i < warmup; i++) {
      get(query);
    }
    Percentiles latencies = new Percentiles();
    for (int i = 0; i < requests; i++) {
      long startedAt = System.nanoTime();
      get(query);
      latencies.add(System.nanoTime() - startedAt);
    }
    Row row = new Row(listing, count, latencies);
    System.out.println("[bench] " + format(row));
    return row;
  }

  /** The response body of {@code GET /api/v1/runs?query}, read in full; fails unless 200. */
  private String get(String query) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/runs?" + query))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET ?" + query + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** Two seconds of stored history around its median run (created_at is the id's millisecond). */
  private static Instant[] window(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT created_at FROM orchestrator.runs ORDER BY id"
                    + " OFFSET (SELECT count(*) / 2 FROM orchestrator.runs) LIMIT 1")) {
      rs.next();
      Instant middle = rs.getTimestamp(1).toInstant();
      Instant[] window = {middle.minusMillis(1000), middle.plusMillis(1000)};
      try (ResultSet count =
          statement.executeQuery(
              "SELECT count(*) FROM orchestrator.runs WHERE created_at >= '"
                  + window[0]
                  + "' AND created_at < '"
                  + window[1]
                  + "'")) {
        count.next();
        System.out.printf(
            "[bench] window %s .. %s holds %,d runs%n", window[0], window[1], count.getLong(1));
      }
      return window;
    }
  }

  private static String format(Row row) {
    return String.format(
        "| %s | %,d | %d | %.2f | %.2f | %.2f |",
        row.listing(),
        row.storedRuns(),
        row.latencies().count(),
        row.latencies().millis(0.5),
        row.latencies().millis(0.99),
        row.latencies().maxMillis());
  }

  private static void print(List<Row> rows, boolean ratios) {
    System.out.printf(
        "%nRun listing over REST (GET /api/v1/runs), %s, one request at a time, times in ms%n",
        LocalDate.now());
    System.out.println("| listing | stored runs | requests | p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(row -> System.out.println(format(row)));
    if (!ratios) {
      return;
    }
    Map<String, List<Row>> byListing = new LinkedHashMap<>();
    rows.forEach(row -> byListing.computeIfAbsent(row.listing(), k -> new ArrayList<>()).add(row));
    System.out.println();
    System.out.println("| listing | ratio p50 | ratio p99 |");
    System.out.println("|---|---|---|");
    byListing.forEach(
        (listing, sized) -> {
          Row first = sized.get(0);
          Row last = sized.get(sized.size() - 1);
          System.out.printf(
              "| %s (%,d / %,d) | %.2f | %.2f |%n",
              listing,
              last.storedRuns(),
              first.storedRuns(),
              last.latencies().millis(0.5) / first.latencies().millis(0.5),
              last.latencies().millis(0.99) / first.latencies().millis(0.99));
        });
  }
}
