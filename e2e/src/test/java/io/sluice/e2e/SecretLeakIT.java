package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.leak.LeakSearch;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 8: a step gets two secrets from the local secrets folder (one as a variable with an
 * innocent name, one as a file), prints both to stdout and stderr, fails its first attempt and
 * succeeds on the retry. Neither value may then be anywhere the platform keeps or says anything:
 * Kafka (every record of every topic, dead letters included), the database (every row of every
 * table), the state folder (service logs, step folders, the object store's files, the broker's and
 * database's own files) and the REST answers about the run.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
class SecretLeakIT {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Platform platform = Platform.get();
  private final IrisStory story = IrisStory.get();
  private final Http http = new Http(platform::adminToken);

  @Test
  void aSecretThatAStepPrintsAndFailsWithIsNowhereInWhatThePlatformKeeps() throws Exception {
    String password = random(32);
    String certificate = random(32);
    writeSecret("leak-db", "password", password);
    writeSecret("leak-tls", "ca.crt", certificate);
    story.assertRegistered(story.registerDataset("leak", "leak/"));
    story.assertRegistered(story.registerPipeline(pipeline(writeLeakyStep())));

    Drop drop = story.drop(IrisStory.folder("leak", ""), story.irisCsv());
    Event arrived =
        story.awaitEvent("data.arrived in leak/", drop.mark(), IrisStory.arrivedIn(drop));
    Event started =
        story.awaitEvent(
            "run.started of leak-check",
            drop.mark(),
            e ->
                e.is("run.started")
                    && arrived.text("versionId").equals(e.text("datasetVersion"))
                    && "leak-check".equals(e.text("pipelineName")));
    String runId = started.text("runId");
    Event end =
        story.awaitEvent(
            "the end of run " + runId,
            drop.mark(),
            e ->
                (e.is("run.succeeded") || e.is("run.failed") || e.is("run.cancelled"))
                    && runId.equals(e.text("runId")));

    assertThat(end.type()).as(end.describe()).isEqualTo("run.succeeded");
    LeakSearch search =
        new LeakSearch(Map.of("the variable secret", password, "the file secret", certificate));
    restAnswers(search, runId);
    search.kafka(platform.kafkaBootstrap());
    search.database(platform.postgresJdbcUrl(), Platform.POSTGRES_USER, Platform.POSTGRES_PASSWORD);
    search.files(platform.home(), secretsDir());

    System.out.printf("[e2e] leak search of run %s went through %s%n", runId, search.searched());
    assertThat(search.searched())
        .as("what was searched")
        .containsKeys("kafka records", "database rows", "files", "texts");
    assertThat(search.findings()).as("places holding a secret value").isEmpty();
    Event failedOnce =
        story.awaitEvent(
            "step.failed of run " + runId,
            drop.mark(),
            e -> e.is("step.failed") && runId.equals(e.text("runId")));
    // The step did print both values (masked): the search above looked for something real.
    assertThat(failedOnce.text("logTail"))
        .as(failedOnce.describe())
        .contains("stdout variable=***", "stderr variable=***")
        .contains("stdout file=***", "stderr file=***");
  }

  private void restAnswers(LeakSearch search, String runId) {
    String orchestrator = platform.serviceUrl("orchestrator");
    for (String url :
        List.of(
            orchestrator + "/api/v1/runs/" + runId,
            orchestrator + "/api/v1/runs?limit=100",
            orchestrator + "/api/v1/runs?state=SUCCEEDED",
            orchestrator + "/api/v1/pipelines/leak-check",
            orchestrator + "/api/v1/pipelines",
            platform.serviceUrl("ingest") + "/api/v1/datasets/leak/versions",
            platform.serviceUrl("registry") + "/api/v1/models")) {
      Http.Response response = http.get(url);
      assertThat(response.status()).as(response.describe()).isEqualTo(200);
      search.text(response.call(), response.body());
    }
  }

  private Path secretsDir() {
    return platform.home().resolve("secrets");
  }

  private void writeSecret(String secret, String key, String value) throws IOException {
    Path folder = Files.createDirectories(secretsDir().resolve(secret));
    Files.writeString(folder.resolve(key), value);
  }

  private static String random(int length) {
    SecureRandom random = new SecureRandom();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  /**
   * A step program that prints both secrets to stdout and stderr; the first attempt then fails (its
   * output folder is {@code .../1/}), the retry writes a harmless output and succeeds. It runs as
   * {@code java Leak.java}: an allowed command under an allowed image, as a real step would.
   */
  private static final String LEAKY_STEP =
      """
      import java.nio.file.Files;
      import java.nio.file.Path;

      public class Leak {
        public static void main(String[] args) throws Exception {
          String variable = System.getenv("DB_URL");
          String file = Files.readString(Path.of(System.getenv("SLUICE_SECRETS_DIR"), "ca.crt"));
          System.out.println("stdout variable=" + variable);
          System.err.println("stderr variable=" + variable);
          System.out.println("stdout file=" + file);
          System.err.println("stderr file=" + file);
          String out = System.getenv("SLUICE_OUTPUT_OUT");
          if (out.contains("/echo-secrets/1/")) {
            System.err.println("failing once");
            System.exit(3);
          }
          Files.writeString(Path.of(out, "done.txt"), "done");
        }
      }
      """;

  private Path writeLeakyStep() throws IOException {
    Path folder = Files.createDirectories(platform.home().resolve("leak-step"));
    return Files.writeString(folder.resolve("Leak.java"), LEAKY_STEP);
  }

  private static String pipeline(Path program) {
    return """
        name: leak-check
        trigger: {dataset: leak}
        steps:
          - name: echo-secrets
            image: ghcr.io/sluice/steps:0.1.0
            command: [java, "%s"]
            inputs: {data: dataset}
            outputs: [out]
            retries: 1
            secretRefs:
              - {secret: leak-db, key: password, env: DB_URL}
              - {secret: leak-tls, key: ca.crt, file: ca.crt}
        """
        .formatted(program);
  }
}
