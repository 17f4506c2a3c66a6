package io.sluice.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.e2e.client.Event;
import io.sluice.events.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunAuditTest {

  private static final RunAudit AUDIT = new RunAudit("p", Set.of("v1"), List.of("a", "b"), "m");

  @Test
  void aCompleteRunDeliveredTwiceHasNoProblem() {
    List<Event> events = run("r1", "v1");
    List<Event> redelivered = new ArrayList<>(events);
    redelivered.addAll(events);

    assertThat(AUDIT.problems(redelivered)).isEmpty();
    assertThat(AUDIT.allEnded(redelivered)).isTrue();
  }

  @Test
  void secondRunForOneDatasetVersionIsAProblem() {
    List<Event> events = new ArrayList<>(run("r1", "v1"));
    events.addAll(run("r2", "v1"));

    assertThat(AUDIT.problems(events)).anyMatch(p -> p.contains("started 2 runs"));
  }

  @Test
  void sameAttemptRequestedByTwoEventsIsAProblem() {
    List<Event> events = new ArrayList<>(run("r1", "v1"));
    events.add(step("step.requested", "r1", "b", 1));

    assertThat(AUDIT.problems(events))
        .anyMatch(p -> p.startsWith("step.requested run r1 step b attempt 1"));
  }

  @Test
  void stepWithoutDoneIsLost() {
    List<Event> events =
        run("r1", "v1").stream()
            .filter(e -> !(e.is("step.done") && e.text("stepName").equals("a")))
            .toList();

    assertThat(AUDIT.problems(events)).contains("run r1 has no step.done for a");
  }

  @Test
  void twoEndsOrAFailedEndAreProblems() {
    List<Event> twice = new ArrayList<>(run("r1", "v1"));
    twice.add(event("run.succeeded", runData("r1", "v1")));
    List<Event> failed =
        run("r1", "v1").stream()
            .map(e -> e.is("run.succeeded") ? retype(e, "run.failed") : e)
            .toList();

    assertThat(AUDIT.problems(twice)).anyMatch(p -> p.contains("run r1 ended 2 times"));
    assertThat(AUDIT.problems(failed))
        .anyMatch(p -> p.contains("run r1 ended 1 times: [run.failed]"));
  }

  @Test
  void twoModelVersionsForOneRunAreAProblem() {
    List<Event> events = new ArrayList<>(run("r1", "v1"));
    events.add(registered("r1", 2));

    assertThat(AUDIT.problems(events)).anyMatch(p -> p.contains("has 2 registered version"));
  }

  @Test
  void missingRunIsNotEnded() {
    assertThat(AUDIT.allEnded(List.of())).isFalse();
    assertThat(AUDIT.problems(List.of())).contains("dataset version v1 started 0 runs []");
  }

  private static List<Event> run(String runId, String version) {
    List<Event> events = new ArrayList<>();
    events.add(event("run.started", runData(runId, version)));
    for (String step : List.of("a", "b")) {
      events.add(step("step.requested", runId, step, 1));
      events.add(step("step.started", runId, step, 1));
      events.add(step("step.done", runId, step, 1));
    }
    events.add(event("run.succeeded", runData(runId, version)));
    events.add(event("model.candidate", model().put("runId", runId)));
    events.add(registered(runId, 1));
    ObjectNode evaluated = model().put("version", 1);
    evaluated.putObject("lineage").put("runId", runId);
    events.add(event("model.evaluated", evaluated));
    return events;
  }

  private static Event registered(String runId, int version) {
    return event("model.registered", model().put("runId", runId).put("version", version));
  }

  private static ObjectNode runData(String runId, String version) {
    return Json.mapper()
        .createObjectNode()
        .put("runId", runId)
        .put("pipelineName", "p")
        .put("datasetVersion", version);
  }

  private static Event step(String type, String runId, String step, int attempt) {
    return event(
        type,
        Json.mapper()
            .createObjectNode()
            .put("runId", runId)
            .put("stepName", step)
            .put("attempt", attempt)
            .put("shardIndex", 0));
  }

  private static ObjectNode model() {
    return Json.mapper().createObjectNode().put("modelName", "m");
  }

  private static Event event(String type, ObjectNode data) {
    return new Event(UUID.randomUUID().toString(), type, "/test", "", "", "", Instant.now(), data);
  }

  private static Event retype(Event e, String type) {
    return new Event(
        e.id(),
        type,
        e.source(),
        e.subject(),
        e.correlationId(),
        e.traceparent(),
        e.time(),
        e.data());
  }
}
