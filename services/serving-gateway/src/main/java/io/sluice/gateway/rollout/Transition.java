package io.sluice.gateway.rollout;

import io.sluice.events.RolloutCheck;

/** What a judged window does to a rollout. */
public sealed interface Transition {

  /** Too few requests: the window goes on, nothing changes. */
  record Extend() implements Transition {}

  /** The window passed: the next stage starts with a fresh window. */
  record NextStage(int stage, Stage shares) implements Transition {}

  /** The window failed but the rollout may go on: the step is held for another window. */
  record Hold(int failedChecks) implements Transition {}

  /** The last window passed: the candidate takes all traffic and becomes the stable version. */
  record Promote() implements Transition {}

  /** Too many failed windows: all traffic goes back to the stable version at once. */
  record RollBack(RolloutCheck failedCheck, int failedChecks) implements Transition {}
}
