package io.sluice.testkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testkit.FreePorts;
import io.sluice.testkit.SluiceInfra;
import io.sluice.testkit.TopicReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class LocalMainsIT {

  /** A terminated JVM reports 128 + SIGTERM (15) once its shutdown hooks have run. */
  private static final int TERMINATED_BY_SIGTERM = 143;

  @Test
  void s3MainServesPublishesNotificationsAndStopsCleanlyOnSigterm(@TempDir Path dataDir)
      throws Exception {
    String bootstrap = SluiceInfra.get().kafka().bootstrapServers();
    SluiceInfra.get().kafka().createTopics("local.bucket.events");
    int port = FreePorts.find();

    try (ChildJvm s3 =
            ChildJvm.start(
                LocalS3Main.class,
                "--port",
                String.valueOf(port),
                "--data-dir",
                dataDir.toString(),
                "--access-key",
                "local-key",
                "--secret-key",
                "local-secret-key",
                "--kafka",
                bootstrap,
                "--topic",
                "local.bucket.events");
        TopicReader events = new TopicReader(bootstrap, "local.bucket.events")) {
      assertThat(s3.awaitLine("READY")).isEqualTo("READY s3 http://localhost:" + port);
      System.out.printf("LocalS3Main ready %d ms after launch%n", s3.millisSinceLaunch());

      try (S3Client client = client(port)) {
        client.createBucket(b -> b.bucket("datasets"));
        client.putObject(
            b -> b.bucket("datasets").key("iris/iris.csv"), RequestBody.fromString("x"));
      }
      ConsumerRecord<String, String> record = events.awaitKey("datasets/iris/iris.csv");
      assertThat(record.value()).contains("\"principalId\":\"local-key\"");

      assertThat(s3.terminate()).isEqualTo(TERMINATED_BY_SIGTERM);
      assertThat(s3.output()).contains("STOPPED s3");
    }
    assertThat(Files.isDirectory(dataDir.resolve("datasets"))).isTrue();
  }

  @Test
  void s3MainExitsWithTheReasonWhenItsTopicIsMissing(@TempDir Path dataDir) throws Exception {
    String bootstrap = SluiceInfra.get().kafka().bootstrapServers();

    try (ChildJvm s3 =
        ChildJvm.start(
            LocalS3Main.class,
            "--port",
            String.valueOf(FreePorts.find()),
            "--data-dir",
            dataDir.toString(),
            "--kafka",
            bootstrap,
            "--topic",
            "missing.bucket.events")) {
      assertThat(s3.awaitExit()).isEqualTo(LocalProcess.START_FAILED);
      assertThat(s3.output())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("Could not start s3")
                      .contains("missing.bucket.events"));
    }
  }

  @Test
  void postgresMainCreatesItsDatabaseAndStopsTheServerOnSigterm(@TempDir Path dataDir)
      throws Exception {
    int port = FreePorts.find();
    String url = "jdbc:postgresql://localhost:" + port + "/sluice";

    try (ChildJvm postgres =
        ChildJvm.start(
            LocalPostgresMain.class,
            "--port",
            String.valueOf(port),
            "--data-dir",
            dataDir.toString())) {
      assertThat(postgres.awaitLine("READY")).isEqualTo("READY postgres " + url);
      System.out.printf(
          "LocalPostgresMain ready %d ms after launch%n", postgres.millisSinceLaunch());
      assertThat(currentDatabase(url)).isEqualTo("sluice");

      assertThat(postgres.terminate()).isEqualTo(TERMINATED_BY_SIGTERM);
      assertThat(postgres.output()).contains("STOPPED postgres");
    }
    assertThatThrownBy(() -> currentDatabase(url)).isInstanceOf(SQLException.class);
    assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
  }

  private static S3Client client(int port) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://localhost:" + port))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local-key", "local-secret-key")))
        .build();
  }

  private static String currentDatabase(String url) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    dataSource.setUser("postgres");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
