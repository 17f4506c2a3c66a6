package io.sluice.registry.version;

/**
 * A model as listed: its name, latest version and champion.
 *
 * @param name the model
 * @param latestVersion its highest version number
 * @param champion the version the {@code champion} alias points at, or null when none
 */
public record ModelSummary(String name, int latestVersion, Integer champion) {}
