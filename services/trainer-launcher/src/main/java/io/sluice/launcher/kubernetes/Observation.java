package io.sluice.launcher.kubernetes;

import io.sluice.events.FailureReason;
import java.time.Instant;

/** What the launcher reads off an attempt's Job and pod at one moment. */
public sealed interface Observation {

  /** Suspended: waiting for Kueue to admit it. */
  record Queued() implements Observation {}

  /** Created but its command is not running yet; {@code detail} says why, when anything does. */
  record Pending(String detail, PendingKind kind) implements Observation {}

  /** The step container runs on {@code node} since {@code since}. */
  record Running(String node, Instant since) implements Observation {}

  /**
   * The command exited 0 and stage-out uploaded the outputs; {@code imageDigest} is the digest the
   * node ran the step's image by, when its status tells it.
   */
  record Succeeded(String node, String imageDigest) implements Observation {}

  /**
   * The attempt ended without success.
   *
   * @param reason the failure reason of the taxonomy
   * @param message what happened, with a hint a person can act on
   * @param retryable whether another attempt could succeed; null: as the step's retry policy says
   * @param exitCode the command's exit code, when it ran and exited
   * @param logContainer the container whose log tail explains it, or null
   * @param podName the pod to read that log from, or null
   */
  record Failed(
      FailureReason reason,
      String message,
      Boolean retryable,
      Integer exitCode,
      String logContainer,
      String podName)
      implements Observation {}

  /** Why a pod is pending, as far as it tells. */
  enum PendingKind {
    /** Nothing wrong seen yet (just created, pulling, staging). */
    STARTING,
    /** The scheduler found no node for it. */
    UNSCHEDULABLE,
    /** Its image cannot be pulled right now (the kubelet keeps retrying). */
    IMAGE_PULL_BACKOFF
  }
}
