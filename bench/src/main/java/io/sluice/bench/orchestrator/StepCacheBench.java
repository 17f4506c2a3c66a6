package io.sluice.bench.orchestrator;

import io.sluice.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Step-cache lookup latency against real PostgreSQL with the orchestrator's own migrations: the
 * lookup of a step's cache key, as the orchestrator runs it before requesting a first attempt, with
 * 10,000 and then 100,000 entries in {@code step_cache}, in one run, with the ratio printed. Run
 * from the repository root (it reads the migrations from the orchestrator's sources):
 *
 * <pre>
 * java -cp "bench/target/sluice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *   io.sluice.bench.orchestrator.StepCacheBench 10000,100000 20000
 * </pre>
 */
public final class StepCacheBench {

  private static final Path MIGRATIONS =
      Path.of("services/orchestrator/src/main/resources/db/migration");

  /** The same statement as {@code io.sluice.orchestrator.cache.StepCache#FIND}. */
  static final String FIND =
      "SELECT run_id, step_name, attempt, outputs::text, metrics::text, image_digest, stored_at"
          + " FROM step_cache WHERE cache_key = ?";

  // Entries shaped like a real one: one output folder with two files, a metric.
  private static final String FILL =
      """
      INSERT INTO step_cache (cache_key, run_id, step_name, attempt, outputs, metrics, image_digest)
      SELECT encode(sha256(convert_to('entry-' || g, 'UTF8')), 'hex'), gen_random_uuid(),
             'train-' || (g % 7), 1,
             jsonb_build_array(jsonb_build_object(
               'name', 'model',
               'uri', 's3://artifacts/runs/' || gen_random_uuid() || '/train/1/model/',
               'sha256', encode(sha256(convert_to('out-' || g, 'UTF8')), 'hex'),
               'files', jsonb_build_array(
                 jsonb_build_object('path', 'model.onnx', 'size', 40000 + g,
                   'sha256', encode(sha256(convert_to('f1-' || g, 'UTF8')), 'hex')),
                 jsonb_build_object('path', 'signature.json', 'size', 600,
                   'sha256', encode(sha256(convert_to('f2-' || g, 'UTF8')), 'hex'))))),
             jsonb_build_object('accuracy', 0.9),
             NULL
      FROM generate_series(?::bigint, ?::bigint) AS g
      """;

  private StepCacheBench() {}

  public static void main(String[] args) throws Exception {
    long[] sizes =
        java.util.Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    if (!Files.isDirectory(MIGRATIONS)) {
      throw new IllegalStateException("run from the repository root: no " + MIGRATIONS);
    }
    try (TestPostgres postgres = TestPostgres.start()) {
      String database = "cache_bench_" + UUID.randomUUID().toString().substring(0, 8);
      DataSource dataSource = postgres.dataSource(postgres.createDatabase(database));
      Flyway.configure()
          .dataSource(dataSource)
          .locations("filesystem:" + MIGRATIONS)
          .load()
          .migrate();
      List<double[]> results = new ArrayList<>();
      try (Connection connection = dataSource.getConnection()) {
        long filled = 0;
        for (long size : sizes) {
          fill(connection, filled + 1, size);
          filled = size;
          System.out.println("[bench] " + plan(connection));
          results.add(measure(connection, size, lookups));
        }
      }
      print(sizes, results);
    }
    System.exit(0);
  }

  private static void fill(Connection connection, long from, long to) throws SQLException {
    long started = System.nanoTime();
    try (PreparedStatement insert = connection.prepareStatement(FILL)) {
      insert.setLong(1, from);
      insert.setLong(2, to);
      insert.executeUpdate();
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE step_cache");
    }
    System.out.printf(
        "[bench] step_cache filled to %,d entries in %.1f s%n",
        to, (System.nanoTime() - started) / 1e9);
  }

  private static String plan(Connection connection) throws SQLException {
    try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + FIND)) {
      explain.setString(1, key(1));
      try (ResultSet rs = explain.executeQuery()) {
        rs.next();
        return "plan: " + rs.getString(1);
      }
    }
  }

  /** p50 and p99 (ms) of hits (existing keys) and misses (absent keys), after a warm-up. */
  private static double[] measure(Connection connection, long size, int lookups)
      throws SQLException {
    SplittableRandom random = new SplittableRandom(size);
    for (int i = 0; i < lookups / 4; i++) {
      find(connection, key(1 + random.nextLong(size)));
    }
    Percentiles hits = new Percentiles();
    Percentiles misses = new Percentiles();
    for (int i = 0; i < lookups; i++) {
      boolean hit = (i & 1) == 0;
      String key = hit ? key(1 + random.nextLong(size)) : key(-1 - random.nextLong(size));
      long started = System.nanoTime();
      boolean found = find(connection, key);
      (hit ? hits : misses).add(System.nanoTime() - started);
      if (found != hit) {
        throw new IllegalStateException("key " + key + " found=" + found + ", expected " + hit);
      }
    }
    return new double[] {
      hits.millis(0.5), hits.millis(0.99), misses.millis(0.5), misses.millis(0.99)
    };
  }

  /** One lookup as the orchestrator makes it: prepared on the connection, every column read. */
  private static boolean find(Connection connection, String key) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(FIND)) {
      select.setString(1, key);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        for (int column = 1; column <= 7; column++) {
          rs.getString(column);
        }
        return true;
      }
    }
  }

  private static String key(long entry) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(("entry-" + entry).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void print(long[] sizes, List<double[]> results) {
    System.out.println();
    System.out.println("| entries | hit p50 | hit p99 | miss p50 | miss p99 |");
    System.out.println("|---|---|---|---|---|");
    for (int i = 0; i < sizes.length; i++) {
      double[] r = results.get(i);
      System.out.printf("| %,d | %.3f | %.3f | %.3f | %.3f |%n", sizes[i], r[0], r[1], r[2], r[3]);
    }
    if (sizes.length > 1) {
      double[] first = results.get(0);
      double[] last = results.get(sizes.length - 1);
      System.out.printf(
          "ratio %,d / %,d entries: hit p50 %.2f, hit p99 %.2f, miss p50 %.2f, miss p99 %.2f%n",
          sizes[sizes.length - 1],
          sizes[0],
          last[0] / first[0],
          last[1] / first[1],
          last[2] / first[2],
          last[3] / first[3]);
    }
  }
}
