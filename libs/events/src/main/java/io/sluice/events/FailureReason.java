package io.sluice.events;

/**
 * Why a step attempt (or a run) failed: a fixed taxonomy so that retries, dashboards and people can
 * act on it. Adding a constant is a breaking change for exhaustive consumers.
 */
public enum FailureReason {
  /** The command exited with a non-zero code. */
  NONZERO_EXIT,
  /** The attempt passed its deadline or timeout and was stopped. */
  DEADLINE_EXCEEDED,
  /** The kernel killed the command for using more memory than its limit. */
  OOM_KILLED,
  /** Stopped on request ({@code step.cancel_requested}). */
  CANCELLED,
  /** The node or executor disappeared while the attempt ran. */
  EXECUTOR_LOST,
  /** An input folder could not be downloaded or its hash did not match. */
  INPUT_MISSING,
  /** The command succeeded but an output could not be uploaded. */
  OUTPUT_UPLOAD_FAILED,
  /** The container image could not be pulled. */
  IMAGE_PULL,
  /** No node can satisfy the resources (e.g. GPU type) or quota. */
  UNSCHEDULABLE,
  /** The request itself is invalid (bad argv placeholder, unknown secret, ...). */
  INVALID_REQUEST,
  /** A bug or unexpected failure in Sluice itself. */
  INTERNAL
}
