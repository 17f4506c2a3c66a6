package io.sluice.testkit.local;

import io.sluice.testkit.TestPostgres;
import java.util.Set;

/**
 * Local mode's PostgreSQL 17 as its own process, keeping its data in a folder between restarts and
 * creating the platform's database if it is missing.
 *
 * <pre>
 * java -cp "libs/testkit/target/sluice-testkit-0.1.0-SNAPSHOT.jar:libs/testkit/target/lib/*" \
 *   io.sluice.testkit.local.LocalPostgresMain --port 15432 --data-dir .sluice/postgres
 * </pre>
 *
 * <p>Prints {@code READY postgres jdbc:postgresql://localhost:15432/sluice} once it accepts
 * connections (user {@code postgres}, any password) and runs until SIGTERM, which stops the server
 * cleanly.
 */
public final class LocalPostgresMain {

  private static final String USAGE =
      "LocalPostgresMain --data-dir <dir> [--port 15432] [--database sluice]";

  private static final Set<String> FLAGS = Set.of("port", "data-dir", "database");

  private static final int DEFAULT_PORT = 15432;

  private LocalPostgresMain() {}

  public static void main(String[] args) {
    LocalProcess.quietLogging();
    Flags flags = LocalProcess.parseOrExit(() -> checked(Flags.parse(args, FLAGS)), USAGE);
    TestPostgres postgres =
        LocalProcess.startOrExit(
            "postgres",
            () ->
                TestPostgres.startEmbedded(
                    flags.port("port", DEFAULT_PORT), flags.requiredPath("data-dir")));
    String url = postgres.createDatabase(flags.get("database", "sluice"));
    LocalProcess.serveUntilTerminated("postgres", url, postgres);
  }

  /** Fails on a missing data folder or a bad port before anything starts. */
  private static Flags checked(Flags flags) {
    flags.requiredPath("data-dir");
    flags.port("port", DEFAULT_PORT);
    return flags;
  }
}
