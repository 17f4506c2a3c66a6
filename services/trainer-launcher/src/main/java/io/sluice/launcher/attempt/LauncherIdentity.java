package io.sluice.launcher.attempt;

/**
 * Who this launcher is.
 *
 * @param instanceId owner of the attempts it records; unique per running launcher
 * @param node the host name its local commands run on
 */
public record LauncherIdentity(String instanceId, String node) {}
