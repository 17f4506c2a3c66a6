package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.DatasetSchema;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local step finds its dataset's schema in the attempt folder through SLUICE_DATASET_SCHEMA. */
class LocalDatasetSchemaStepsTest {

  private static final DatasetSchema WINE =
      new DatasetSchema(
          "wine",
          "e".repeat(64),
          "cultivar",
          List.of(
              new ColumnSpec("alcohol", ColumnType.NUMBER),
              new ColumnSpec("cultivar", ColumnType.STRING)));

  @TempDir Path work;
  private final Map<String, AttemptOutcome> ended = new ConcurrentHashMap<>();
  private LocalExecutor executor;

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
  void start() {
    LocalSettings settings =
        new LocalSettings(work.resolve("attempts"), work, false, 8192, 1 << 20);
    executor =
        new LocalExecutor(
            settings,
            null, // no inputs or outputs: the store is never used
            new SecretResolver(work.resolve("secrets"), Map.of()),
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

  @Test
  void theStepReadsTheSchemaFileInItsAttemptFolder() {
    AttemptOutcome outcome = run(step("with-schema", WINE));

    String log = ((AttemptOutcome.Failed) outcome).logTail();
    assertThat(log)
        .contains("file=" + work.resolve("attempts").toAbsolutePath())
        .contains("/dataset-schema.json")
        .contains("\"labelColumn\":\"cultivar\"", "{\"name\":\"alcohol\",\"type\":\"NUMBER\"}");
  }

  @Test
  void aRequestWithoutASchemaSetsNoVariable() {
    AttemptOutcome outcome = run(step("without-schema", null));

    assertThat(((AttemptOutcome.Failed) outcome).logTail()).contains("file=unset");
  }

  /** Prints where the schema is and what it holds, then fails so that the log tail comes back. */
  private static StepRequested step(String name, DatasetSchema schema) {
    String script =
        "echo \"file=${SLUICE_DATASET_SCHEMA-unset}\";"
            + " test -n \"$SLUICE_DATASET_SCHEMA\" && cat \"$SLUICE_DATASET_SCHEMA\"; exit 3";
    return new StepRequested(
        "run-schema",
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
        new RetryPolicy(1, 0, 1.0, 0),
        "c".repeat(64),
        List.of(),
        null,
        schema);
  }

  private AttemptOutcome run(StepRequested request) {
    executor.launch(request, listener);
    await().atMost(Duration.ofSeconds(30)).until(() -> ended.containsKey(request.stepName()));
    return ended.get(request.stepName());
  }
}
