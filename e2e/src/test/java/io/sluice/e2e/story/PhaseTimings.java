package io.sluice.e2e.story;

import io.sluice.e2e.client.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints how long each phase of one chain took, from the events' own timestamps: upload →
 * data.arrived → run.started, each step.done → the next step.requested, → model.promoted. For
 * people reading the build log; nothing is asserted on it.
 */
public final class PhaseTimings {

  private PhaseTimings() {}

  /** Prints the phases of the run {@code runId} started by {@code drop}. */
  public static void print(String scenario, Drop drop, List<Event> chain, String runId) {
    List<String> lines = new ArrayList<>();
    Optional<Event> arrived = first(chain, "data.arrived", "dropFolder", drop.folder());
    Optional<Event> started = first(chain, "run.started", "runId", runId);
    arrived.ifPresent(e -> lines.add(phase("upload -> data.arrived", drop.uploadedAt(), e.time())));
    if (arrived.isPresent() && started.isPresent()) {
      lines.add(phase("data.arrived -> run.started", arrived.get().time(), started.get().time()));
    }
    lines.addAll(stepGaps(chain, runId));
    Optional<Event> promoted = chain.stream().filter(e -> e.is("model.promoted")).findFirst();
    started.ifPresent(
        s ->
            promoted.ifPresent(
                p -> lines.add(phase("run.started -> model.promoted", s.time(), p.time()))));
    promoted.ifPresent(
        p -> lines.add(phase("upload -> model.promoted", drop.uploadedAt(), p.time())));
    System.out.println("[e2e] timings of " + scenario + " (" + drop.folder() + "):");
    lines.forEach(line -> System.out.println("[e2e]   " + line));
  }

  /**
   * For each step.requested after the first wave: the time since the latest step.done before it.
   */
  private static List<String> stepGaps(List<Event> chain, String runId) {
    List<String> lines = new ArrayList<>();
    Event lastDone = null;
    for (Event event : chain) {
      if (!runId.equals(event.text("runId"))) {
        continue;
      }
      if (event.is("step.done")) {
        lastDone = event;
      } else if (event.is("step.requested") && lastDone != null) {
        lines.add(
            phase(
                "step.done "
                    + lastDone.text("stepName")
                    + " -> step.requested "
                    + event.text("stepName"),
                lastDone.time(),
                event.time()));
      }
    }
    return lines;
  }

  private static Optional<Event> first(List<Event> chain, String type, String field, String value) {
    return chain.stream().filter(e -> e.is(type) && value.equals(e.text(field))).findFirst();
  }

  private static String phase(String name, Instant from, Instant to) {
    return String.format(Locale.ROOT, "%-55s %8d ms", name, Duration.between(from, to).toMillis());
  }
}
