package io.sluice.e2e.fault;

import io.sluice.e2e.client.Event;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Reads the event stream of a set of runs and lists every way it breaks "exactly once". Kafka
 * delivers at least once, so the same event (same id) may be on a topic twice; what must never
 * happen is two different events for one fact: two runs for one dataset version, two requests of
 * one attempt, two model versions for one run. Such a pair means a service did something twice,
 * typically because it applied one event twice.
 *
 * @param pipeline the pipeline whose runs are audited
 * @param datasetVersions the dataset versions that must each have started one run
 * @param steps the pipeline's step names, each of which must be done in every run
 * @param model the model every run offers to the registry
 */
public record RunAudit(
    String pipeline, Set<String> datasetVersions, List<String> steps, String model) {

  /** Every run of the pipeline by dataset version (the first started when there are several). */
  public Map<String, String> runsByVersion(List<Event> events) {
    Map<String, String> runs = new LinkedHashMap<>();
    runStarts(events).forEach(e -> runs.putIfAbsent(e.text("datasetVersion"), e.text("runId")));
    return runs;
  }

  /** Whether every dataset version's run has ended (well or not). */
  public boolean allEnded(List<Event> events) {
    return unfinished(events) == 0;
  }

  /** How many of the dataset versions have no run yet, or one that has not ended. */
  public long unfinished(List<Event> events) {
    Set<String> ended =
        events.stream().filter(RunAudit::isRunEnd).map(e -> e.text("runId")).collect(toSet());
    Map<String, String> runs = runsByVersion(events);
    return datasetVersions.stream().filter(v -> !ended.contains(runs.get(v))).count();
  }

  /** Every break of "exactly once" in {@code events}, one line each; empty when there is none. */
  public List<String> problems(List<Event> events) {
    List<String> problems = new ArrayList<>();
    List<Event> starts = runStarts(events);
    Map<String, Set<String>> runsPerVersion =
        distinct(starts, e -> e.text("datasetVersion"), "runId");
    for (String version : datasetVersions) {
      Set<String> runs = runsPerVersion.getOrDefault(version, Set.of());
      if (runs.size() != 1) {
        problems.add("dataset version " + version + " started " + runs.size() + " runs " + runs);
      }
    }
    Set<String> runIds = starts.stream().map(e -> e.text("runId")).collect(toSet());
    List<Event> ofRuns = events.stream().filter(e -> runIds.contains(e.text("runId"))).toList();
    problems.addAll(once(ofRuns, "run.started", e -> e.text("runId")));
    problems.addAll(runEnds(ofRuns, runIds));
    for (String type : List.of("step.requested", "step.started", "step.done", "step.failed")) {
      problems.addAll(once(ofRuns, type, RunAudit::attemptKey));
    }
    problems.addAll(lostSteps(ofRuns, runIds));
    problems.addAll(models(events, runIds));
    return problems;
  }

  private List<Event> runStarts(List<Event> events) {
    return events.stream()
        .filter(e -> e.is("run.started") && pipeline.equals(e.text("pipelineName")))
        .toList();
  }

  private static List<String> runEnds(List<Event> ofRuns, Set<String> runIds) {
    List<String> problems = new ArrayList<>();
    Map<String, List<Event>> ends =
        ofRuns.stream().filter(RunAudit::isRunEnd).collect(groupBy(e -> e.text("runId")));
    for (String run : runIds) {
      List<Event> end = distinctIds(ends.getOrDefault(run, List.of()));
      if (end.size() != 1 || !end.get(0).is("run.succeeded")) {
        problems.add("run " + run + " ended " + end.size() + " times: " + types(end));
      }
    }
    return problems;
  }

  private List<String> lostSteps(List<Event> ofRuns, Set<String> runIds) {
    Set<String> done =
        ofRuns.stream()
            .filter(e -> e.is("step.done"))
            .map(e -> e.text("runId") + "/" + e.text("stepName"))
            .collect(toSet());
    List<String> problems = new ArrayList<>();
    for (String run : runIds) {
      for (String step : steps) {
        if (!done.contains(run + "/" + step)) {
          problems.add("run " + run + " has no step.done for " + step);
        }
      }
    }
    return problems;
  }

  private List<String> models(List<Event> events, Set<String> runIds) {
    List<Event> ofModel =
        events.stream()
            .filter(e -> e.type().startsWith("model.") && model.equals(e.text("modelName")))
            .toList();
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> candidates =
        distinct(
            ofModel.stream().filter(e -> e.is("model.candidate")).toList(),
            e -> e.text("runId"),
            null);
    Map<String, Set<String>> versions =
        distinct(
            ofModel.stream().filter(e -> e.is("model.registered")).toList(),
            e -> e.text("runId"),
            "version");
    Map<String, Set<String>> evaluations =
        distinct(
            ofModel.stream().filter(e -> e.is("model.evaluated")).toList(),
            e -> e.data().path("lineage").path("runId").asText(""),
            null);
    for (String run : runIds) {
      expectOne(problems, "model.candidate", run, candidates);
      expectOne(problems, "registered version", run, versions);
      expectOne(problems, "model.evaluated", run, evaluations);
    }
    problems.addAll(once(ofModel, "model.registered", e -> "version " + e.text("version")));
    return problems;
  }

  private static void expectOne(
      List<String> problems, String what, String run, Map<String, Set<String>> byRun) {
    Set<String> found = byRun.getOrDefault(run, Set.of());
    if (found.size() != 1) {
      problems.add("run " + run + " has " + found.size() + " " + what + " " + found);
    }
  }

  /** One line for each key with more than one distinct event id of {@code type}. */
  private static List<String> once(List<Event> events, String type, Function<Event, String> key) {
    Map<String, Set<String>> ids =
        distinct(events.stream().filter(e -> e.is(type)).toList(), key, null);
    return ids.entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1)
        .map(
            entry ->
                type
                    + " "
                    + entry.getKey()
                    + " came as "
                    + entry.getValue().size()
                    + " different events "
                    + entry.getValue())
        .toList();
  }

  /** The distinct values of {@code field} (the event id when null) per key. */
  private static Map<String, Set<String>> distinct(
      Collection<Event> events, Function<Event, String> key, String field) {
    return events.stream()
        .collect(
            Collectors.groupingBy(
                key,
                LinkedHashMap::new,
                Collectors.mapping(
                    e -> field == null ? e.id() : e.text(field),
                    Collectors.toCollection(LinkedHashSet::new))));
  }

  private static List<Event> distinctIds(List<Event> events) {
    Map<String, Event> byId = new LinkedHashMap<>();
    events.forEach(e -> byId.putIfAbsent(e.id(), e));
    return List.copyOf(byId.values());
  }

  private static String attemptKey(Event e) {
    return "run "
        + e.text("runId")
        + " step "
        + e.text("stepName")
        + " attempt "
        + e.text("attempt")
        + " shard "
        + e.text("shardIndex");
  }

  private static boolean isRunEnd(Event e) {
    return e.is("run.succeeded") || e.is("run.failed") || e.is("run.cancelled");
  }

  private static String types(List<Event> events) {
    return events.stream().map(Event::type).toList().toString();
  }

  private static <T> Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(LinkedHashSet::new);
  }

  private static <K> Collector<Event, ?, Map<K, List<Event>>> groupBy(Function<Event, K> key) {
    return Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList());
  }
}
