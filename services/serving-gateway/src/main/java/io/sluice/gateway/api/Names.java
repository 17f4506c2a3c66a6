package io.sluice.gateway.api;

/** Makes client-supplied names safe to echo in an error message. */
public final class Names {

  private static final int MAX = 100;

  private Names() {}

  public static String shown(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > MAX ? clean.substring(0, MAX) + "..." : clean;
  }
}
