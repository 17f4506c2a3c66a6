package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.SecretRef;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local steps with secrets from a secrets folder, attempt folders kept (as when debugging): the
 * step sees its values, nothing the launcher writes or reports does, and the files go away.
 */
class LocalSecretStepsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path work;
  private final Map<String, AttemptOutcome> ended = new ConcurrentHashMap<>();
  private LocalExecutor executor;
  private String password;
  private String token;

  private final Executor.AttemptListener listener =
      new Executor.AttemptListener() {
        @Override
        public void started(StepRequested request, String node, Instant at) {}

        @Override
        public void ended(StepRequested request, AttemptOutcome outcome) {
          ended.put(request.stepName(), outcome);
        }
      };

  @BeforeEach
  void start() throws Exception {
    password = random();
    token = random();
    Path secrets = work.resolve("secrets");
    Files.createDirectories(secrets.resolve("db-creds"));
    Files.writeString(secrets.resolve("db-creds/password"), password);
    Files.createDirectories(secrets.resolve("api"));
    Files.writeString(secrets.resolve("api/token"), token);
    LocalSettings settings = new LocalSettings(work.resolve("attempts"), work, true, 8192, 1 << 20);
    executor =
        new LocalExecutor(
            settings,
            null, // no inputs or outputs: the store is never used
            new SecretResolver(secrets, Map.of()),
            "test-host",
            2,
            Clock.systemUTC(),
            new GpuAllocator(List.of()),
            false);
  }

  @AfterEach
  void stop() {
    executor.close();
  }

  private static String random() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static StepRequested step(String name, String script, List<SecretRef> refs) {
    return new StepRequested(
        "run-secrets",
        name,
        1,
        0,
        "local",
        null,
        List.of("sh", "-c", script),
        Map.of(),
        List.of(),
        List.of(),
        new Resources("1", "1Gi", 0, null),
        Instant.now().plusSeconds(600),
        120,
        new RetryPolicy(2, 0, 1.0, 0),
        "c".repeat(64),
        refs);
  }

  private AttemptOutcome run(StepRequested request) {
    executor.launch(request, listener);
    await().atMost(PATIENCE).until(() -> ended.containsKey(request.stepName()));
    return ended.get(request.stepName());
  }

  /** Everything the kept attempt folders hold, as text. */
  private String keptFiles() throws Exception {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(work.resolve("attempts"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(file).append('\n').append(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Test
  void stepSeesItsSecretsAsVariableAndOwnerOnlyFileButNoLogOrReportDoes() throws Exception {
    String script =
        "echo \"pw=$DB_PASSWORD\"; echo \"pw=$DB_PASSWORD\" >&2;"
            + " echo \"token=$(cat \"$SLUICE_SECRETS_DIR/token.txt\")\";"
            + " echo \"modes $(stat -c %a \"$SLUICE_SECRETS_DIR\")"
            + " $(stat -c %a \"$SLUICE_SECRETS_DIR/token.txt\")\";"
            + " test \"$DB_PASSWORD\" = '"
            + password
            + "' && test \"$(cat \"$SLUICE_SECRETS_DIR/token.txt\")\" = '"
            + token
            + "' && echo same-values; exit 3";
    AttemptOutcome outcome =
        run(
            step(
                "echo",
                script,
                List.of(
                    new SecretRef("db-creds", "password", "DB_PASSWORD"),
                    SecretRef.asFile("api", "token", "token.txt"))));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Failed.class);
    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) outcome;
    assertThat(failed.reason()).isEqualTo(FailureReason.NONZERO_EXIT);
    assertThat(failed.logTail())
        .contains("pw=***\npw=***\ntoken=***\nmodes 700 600\nsame-values")
        .doesNotContain(password)
        .doesNotContain(token);
    assertThat(failed.message()).doesNotContain(password).doesNotContain(token);
    String kept = keptFiles();
    assertThat(kept).contains("step.log").doesNotContain(password).doesNotContain(token);
    try (Stream<Path> folders = Files.walk(work.resolve("attempts"))) {
      assertThat(folders.filter(p -> p.getFileName().toString().equals("secrets"))).isEmpty();
    }
  }

  /** A secret variable need not look sensitive by name to be masked. */
  @Test
  void aSecretUnderAnInnocentNameIsMaskedToo() {
    AttemptOutcome outcome =
        run(
            step(
                "innocent",
                "echo \"url=$DB_URL\"; exit 1",
                List.of(new SecretRef("db-creds", "password", "DB_URL"))));

    assertThat(((AttemptOutcome.Failed) outcome).logTail())
        .contains("url=***")
        .doesNotContain(password);
  }

  @Test
  void aMissingSecretFailsTheStepBeforeItRunsNamingSecretAndKeyOnly() throws Exception {
    AttemptOutcome outcome =
        run(
            step(
                "missing",
                "echo ran > ran.txt",
                List.of(
                    new SecretRef("db-creds", "password", "DB_PASSWORD"),
                    new SecretRef("db-creds", "username", "DB_USER"))));

    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) outcome;
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message())
        .contains("secret 'db-creds' key 'username' is not configured")
        .doesNotContain(password);
    assertThat(work.resolve("ran.txt")).doesNotExist();
  }
}
