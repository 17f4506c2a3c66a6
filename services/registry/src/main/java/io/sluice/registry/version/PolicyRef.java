package io.sluice.registry.version;

/**
 * The minimum gate policy a version was gated under.
 *
 * @param revision the policy's revision number
 * @param setBy the subject of the approver who had set that revision
 */
public record PolicyRef(int revision, String setBy) {}
