package io.sluice.registry;

import java.util.regex.Pattern;

/**
 * The shape of model names and alias names. Model names follow the pipeline spec's rule for model
 * names, so anything else (path tricks, control characters, megabyte names) is refused before it
 * reaches SQL, logs or a URL.
 */
public final class ModelNames {

  private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final int SHOWN = 40;

  private ModelNames() {}

  public static boolean isModelName(String name) {
    return name != null && MODEL.matcher(name).matches() && !name.contains("..");
  }

  public static boolean isAlias(String alias) {
    return alias != null && ALIAS.matcher(alias).matches();
  }

  /** A short, printable rendering of untrusted input for messages and logs. */
  public static String shown(String value) {
    if (value == null) {
      return "null";
    }
    String clipped = value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
