package io.sluice.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sluice.security.tokens.TokenMinter;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the shared {@link SluiceInfra} (started once per test JVM,
 * however many test classes use it) and turns Dev Services off.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
 * class CandidateListenerTest { ... }
 * }</pre>
 *
 * <p>or, scoped to one class, {@code @WithTestResource(SluiceInfraResource.class)}. It sets {@code
 * kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url}, {@code
 * quarkus.datasource.username}, {@code quarkus.datasource.password}, {@code sluice.s3.endpoint},
 * {@code sluice.s3.access-key}, {@code sluice.s3.secret-key}, {@code sluice.s3.region}, {@code
 * quarkus.devservices.enabled=false} and {@code quarkus.http.test-port=0}.
 *
 * <p>With the init argument {@value #DATABASE_ARG} ({@code initArgs = @ResourceArg(name =
 * "database", value = "registry")}) the datasource points at that database, created if missing,
 * instead of {@code postgres}.
 *
 * <p>{@link #stop()} leaves the servers running: other test classes of the JVM still use them, and
 * a shutdown hook stops them when the JVM exits.
 */
public final class SluiceInfraResource implements QuarkusTestResourceLifecycleManager {

  /** Init argument naming the database the service should use. */
  public static final String DATABASE_ARG = "database";

  private String database;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.get(DATABASE_ARG);
  }

  @Override
  public Map<String, String> start() {
    SluiceInfra infra = SluiceInfra.get();
    TestPostgres postgres = infra.postgres();
    EmbeddedS3 s3 = infra.s3();
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
    config.put(
        "quarkus.datasource.jdbc.url",
        database == null ? postgres.jdbcUrl() : postgres.createDatabase(database));
    config.put("quarkus.datasource.username", postgres.username());
    config.put("quarkus.datasource.password", postgres.password());
    config.put("sluice.s3.endpoint", s3.endpoint().toString());
    config.put("sluice.s3.access-key", s3.accessKey());
    config.put("sluice.s3.secret-key", s3.secretKey());
    config.put("sluice.s3.region", s3.region());
    config.put("quarkus.devservices.enabled", "false");
    config.put("quarkus.http.test-port", "0");
    config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyFile().toString());
    config.put("mp.jwt.verify.issuer", TokenMinter.LOCAL_ISSUER);
    return config;
  }

  /** Does nothing: the shared servers outlive each test class (see the class comment). */
  @Override
  public void stop() {
    // The JVM's shutdown hook in SluiceInfra stops them.
  }
}
