package io.sluice.orchestrator.timeline;

import io.sluice.events.CachedFrom;
import io.sluice.events.EventData;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.RunTrigger;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.events.StepSkipped;
import io.sluice.events.StepStarted;
import java.util.Optional;

/**
 * What a timeline keeps of one event: the run, the step and attempt it is about, and a short
 * detail. Only the events that change a run or a step count; heartbeats only vouch for an attempt.
 */
final class TimelineDetails {

  /**
   * A detail is a line, not a log: a step's message can be long, the timeline's answer must not.
   */
  static final int MAX_DETAIL = 500;

  /** The parts of one event a timeline keeps. */
  record Fact(String runId, String step, Integer attempt, String detail) {}

  private TimelineDetails() {}

  static Optional<Fact> of(EventData data) {
    return Optional.ofNullable(fact(data))
        .map(f -> new Fact(f.runId(), f.step(), f.attempt(), shorten(f.detail())));
  }

  private static Fact fact(EventData data) {
    if (data instanceof RunStarted e) {
      return new Fact(e.runId(), null, null, started(e));
    } else if (data instanceof StepRequested e) {
      return new Fact(e.runId(), e.stepName(), e.attempt(), e.image());
    } else if (data instanceof StepCancelRequested e) {
      return new Fact(e.runId(), e.stepName(), e.attempt(), e.reason());
    } else if (data instanceof StepStarted e) {
      return new Fact(e.runId(), e.stepName(), e.attempt(), "on " + e.executor() + node(e.node()));
    } else if (data instanceof StepDone e) {
      return new Fact(e.runId(), e.stepName(), e.attempt(), done(e));
    } else if (data instanceof StepFailed e) {
      return new Fact(e.runId(), e.stepName(), e.attempt(), e.reason() + ": " + e.message());
    } else if (data instanceof StepSkipped e) {
      return new Fact(e.runId(), e.stepName(), null, e.reason());
    } else if (data instanceof RunSucceeded e) {
      return new Fact(e.runId(), null, null, e.noCandidate());
    } else if (data instanceof RunFailed e) {
      return new Fact(e.runId(), e.failedStep(), null, e.reason() + ": " + e.message());
    } else if (data instanceof RunCancelled e) {
      return new Fact(e.runId(), null, null, cancelled(e));
    }
    return null;
  }

  private static String started(RunStarted started) {
    RunTrigger trigger = started.trigger() == null ? RunTrigger.dataset() : started.trigger();
    String by = trigger.caller() != null ? " by " + trigger.caller() : "";
    String of =
        trigger.rerunOf() != null
            ? ", re-run of " + trigger.rerunOf()
            : trigger.retryOf() != null ? ", retry of " + trigger.retryOf() : "";
    return trigger.kind().name().toLowerCase(java.util.Locale.ROOT)
        + " trigger"
        + by
        + of
        + ", dataset version "
        + started.datasetVersion();
  }

  private static String done(StepDone done) {
    CachedFrom origin = done.cachedFrom();
    if (origin != null) {
      return "from the cache: run "
          + origin.runId()
          + " step "
          + origin.stepName()
          + " attempt "
          + origin.attempt();
    }
    return "exit code " + done.exitCode();
  }

  private static String cancelled(RunCancelled cancelled) {
    return cancelled.reason()
        + (cancelled.cancelledBy() == null ? "" : " (by " + cancelled.cancelledBy() + ")");
  }

  private static String node(String node) {
    return node == null ? "" : " node " + node;
  }

  private static String shorten(String detail) {
    if (detail == null || detail.length() <= MAX_DETAIL) {
      return detail;
    }
    return detail.substring(0, MAX_DETAIL - 1) + "…";
  }
}
