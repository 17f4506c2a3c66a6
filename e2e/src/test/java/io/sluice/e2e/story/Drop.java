package io.sluice.e2e.story;

import java.time.Instant;

/**
 * One drop that a scenario made.
 *
 * @param folder the drop folder, e.g. {@code iris/2026-11-22/}
 * @param dataKey the data object's key
 * @param eTag the eTag the store returned for the data object
 * @param mark the event log position before the upload
 * @param uploadedAt when the upload began
 */
public record Drop(String folder, String dataKey, String eTag, int mark, Instant uploadedAt) {}
