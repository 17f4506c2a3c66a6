package io.sluice.launcher.step;

/** Folder names made from names in events (inputs, outputs, runs, steps). */
public final class FolderNames {

  private FolderNames() {}

  /** Names come from events: never let one climb out of its parent folder. */
  public static String safe(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.equals(".") || safe.equals("..") ? "_" + safe : safe;
  }
}
