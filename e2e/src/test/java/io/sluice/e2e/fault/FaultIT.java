package io.sluice.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.fault.FaultPlan.Fault;
import io.sluice.e2e.platform.Faults;
import io.sluice.e2e.platform.LeftoverProcesses;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisFiles;
import io.sluice.e2e.story.IrisStory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kill anything, restart anything, lose nothing: twenty runs of a pipeline of short steps are in
 * flight while every service, the Kafka broker and PostgreSQL are SIGKILLed one after the other, at
 * points drawn from a printed seed, and started again over their data. Every run still ends exactly
 * once, with every step done, one model version, no event applied twice, and no step process left
 * running. Replay a failure with {@code -Dsluice.fault.seed=<the printed seed>}.
 */
@Order(9)
@ExtendWith(LogsOnFailure.class)
class FaultIT {

  static final String DATASET = "fault";
  static final String PIPELINE = "fault";
  static final String MODEL = "fault-model";
  static final List<String> STEPS = List.of("prepare", "train", "evaluate");
  static final String STEP_SCRIPT = "fault/step.py";

  private static final int RUNS = 20;

  /** The CSV variants start here so that no earlier scenario dropped the same bytes. */
  private static final long FIRST_SHUFFLE = 9_000;

  private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(2);

  /** How long a crash point may wait for its events; then it crashes anyway. */
  private static final Duration POINT_TIMEOUT = Duration.ofSeconds(15);

  private static final Duration END_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REAP_TIMEOUT = Duration.ofSeconds(30);

  private static Platform platform;
  private static IrisStory story;

  @BeforeAll
  static void registerTheFaultPipeline() {
    platform = Platform.get();
    story = IrisStory.get();
    story.assertRegistered(story.registerDataset(DATASET, DATASET + "/"));
    story.assertRegistered(
        story.registerPipeline(read("e2e/src/test/resources/fault/pipeline.yaml")));
  }

  @AfterAll
  static void killLeftoverSteps() {
    // A failed run must not leave orphans behind for the scenarios after it (or the machine).
    if (platform != null) {
      leftoverSteps()
          .forEach(line -> ProcessHandle.of(pidOf(line)).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void everyRunEndsExactlyOnceWhileEachProcessIsKilledAndRestarted() {
    long seed = FaultPlan.seed();
    List<Fault> plan = FaultPlan.of(seed);
    System.out.printf(
        "[e2e] fault seed %d (replay: -D%s=%d), plan %s%n",
        seed, FaultPlan.SEED_PROPERTY, seed, plan);
    int mark = story.events().mark();

    Set<String> versions = dropAll();
    RunAudit audit = new RunAudit(PIPELINE, versions, STEPS, MODEL);
    crashAll(plan, audit, mark);
    awaitAllEnded(audit, mark, seed);

    List<Event> events = settled(audit, mark);
    assertThat(audit.problems(events)).as("seed %d: what broke exactly once", seed).isEmpty();
    assertOneVersionPerRun(audit.runsByVersion(events).values(), seed);
    assertRunsSucceededOverRest(audit.runsByVersion(events).values(), seed);
    await("seed " + seed + ": no step process left running")
        .atMost(REAP_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(leftoverSteps()).as("seed %d", seed).isEmpty());
  }

  /** Drops twenty different CSVs and waits until each is a dataset version. */
  private Set<String> dropAll() {
    List<Drop> drops = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      byte[] csv = IrisFiles.shuffled(story.irisCsv(), FIRST_SHUFFLE + i);
      drops.add(story.drop(IrisStory.folder(DATASET, "-" + i), csv));
    }
    Set<String> versions = new LinkedHashSet<>();
    for (Drop drop : drops) {
      Event arrived =
          story.awaitEvent("data.* for " + drop.folder(), drop.mark(), IrisStory.arrivedIn(drop));
      assertThat(arrived.type()).as(arrived.describe()).isEqualTo("data.arrived");
      versions.add(arrived.text("versionId"));
    }
    assertThat(versions).as("twenty different dataset versions").hasSize(RUNS);
    return versions;
  }

  private void crashAll(List<Fault> plan, RunAudit audit, int mark) {
    Faults faults = new Faults(platform);
    int point = story.events().mark();
    for (int i = 0; i < plan.size(); i++) {
      Fault fault = plan.get(i);
      awaitEvents(point, fault.afterEvents());
      int seen = story.events().mark() - point;
      long unfinished = audit.unfinished(story.events().since(mark));
      int children = faults.childrenOf(fault.component()).size();
      long started = System.nanoTime();
      faults.crashAndRestart(fault.component());
      System.out.printf(
          "[e2e] fault %d/%d: SIGKILLed %s after %d events, %d runs unfinished, %d child"
              + " processes left to themselves; ready again in %.1f s%n",
          i + 1,
          plan.size(),
          fault.component(),
          seen,
          unfinished,
          children,
          (System.nanoTime() - started) / 1e9);
      point = story.events().mark();
    }
  }

  /** Until {@code count} events came after {@code mark}, or {@link #POINT_TIMEOUT} passed. */
  private static void awaitEvents(int mark, int count) {
    try {
      await().atMost(POINT_TIMEOUT).until(() -> story.events().mark() - mark >= count);
    } catch (ConditionTimeoutException e) {
      // The platform is quiet (or stuck): the crash comes now, and the end checks tell which.
    }
  }

  private static void awaitAllEnded(RunAudit audit, int mark, long seed) {
    await("seed " + seed + ": every run ended")
        .atMost(END_TIMEOUT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> audit.allEnded(story.events().since(mark)));
  }

  /**
   * The events once nothing is missing any more, or after {@link #SETTLE_TIMEOUT}: the registry
   * registers and evaluates a run's model after the run ended, so right after the last run's end
   * its model events may still be on their way.
   */
  private static List<Event> settled(RunAudit audit, int mark) {
    try {
      await()
          .atMost(SETTLE_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> audit.problems(story.events().since(mark)).isEmpty());
    } catch (ConditionTimeoutException e) {
      // What is still wrong (lost, duplicated) is what the assertion after this reports.
    }
    return story.events().since(mark);
  }

  private static void assertOneVersionPerRun(java.util.Collection<String> runs, long seed) {
    Http http = new Http(platform::adminToken);
    Http.Response page =
        http.get(
            platform.serviceUrl("registry") + "/api/v1/models/" + MODEL + "/versions?limit=100");
    assertThat(page.status()).as(page.describe()).isEqualTo(200);
    List<String> registeredRuns = new ArrayList<>();
    page.json().path("items").forEach(v -> registeredRuns.add(v.path("runId").asText()));
    assertThat(registeredRuns)
        .as("seed %d: the registry's versions of %s, by run", seed, MODEL)
        .containsExactlyInAnyOrderElementsOf(runs);
  }

  private static void assertRunsSucceededOverRest(java.util.Collection<String> runs, long seed) {
    Http http = new Http(platform::adminToken);
    for (String run : runs) {
      Http.Response view = http.get(platform.serviceUrl("orchestrator") + "/api/v1/runs/" + run);
      assertThat(view.status()).as(view.describe()).isEqualTo(200);
      assertThat(view.json().path("state").asText())
          .as("seed %d: %s", seed, view.describe())
          .isEqualTo("SUCCEEDED");
    }
  }

  /** The step processes of this platform that still run. */
  private static List<String> leftoverSteps() {
    return LeftoverProcesses.mentioning(platform.home()).stream()
        .filter(line -> line.contains(STEP_SCRIPT))
        .toList();
  }

  private static long pidOf(String leftover) {
    return Long.parseLong(leftover.substring(0, leftover.indexOf(' ')));
  }

  private static String read(String path) {
    try {
      return Files.readString(platform.repo().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
