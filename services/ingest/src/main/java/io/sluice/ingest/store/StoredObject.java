package io.sluice.ingest.store;

/**
 * One object as the store listed it.
 *
 * @param key the full key
 * @param size bytes
 * @param eTag the ETag without quotes, or null
 */
public record StoredObject(String key, long size, String eTag) {}
