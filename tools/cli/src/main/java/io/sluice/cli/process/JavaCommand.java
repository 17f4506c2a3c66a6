package io.sluice.cli.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a Java process that local mode starts. Every such command line carries
 * two markers, {@code -Dsluice.home=<home>} and {@code -Dsluice.component=<name>}, by which {@link
 * ProcessOwnership} later recognises the process as one that this state folder started.
 */
public final class JavaCommand {

  private final List<String> command = new ArrayList<>();

  private JavaCommand(Path java, Path home, String component) {
    command.add(java.toString());
    command.addAll(markers(home, component));
  }

  /** Starts a command line for {@code component}, run by the given {@code java} executable. */
  public static JavaCommand of(Path java, Path home, String component) {
    return new JavaCommand(java, home, component);
  }

  /** The arguments that identify a process started for {@code component} under {@code home}. */
  public static List<String> markers(Path home, String component) {
    return List.of("-Dsluice.home=" + home, "-Dsluice.component=" + component);
  }

  public JavaCommand maxHeap(String size) {
    command.add("-Xmx" + size);
    return this;
  }

  /** A JVM option as it is, e.g. {@code -XX:+UseParallelGC}. */
  public JavaCommand option(String option) {
    command.add(option);
    return this;
  }

  public JavaCommand systemProperty(String name, String value) {
    command.add("-D" + name + "=" + value);
    return this;
  }

  /** Runs {@code mainClass} from a class path ({@code dir/*} wildcards are expanded by java). */
  public List<String> main(String classPath, String mainClass, List<String> args) {
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    return List.copyOf(command);
  }

  /** Runs an executable jar. */
  public List<String> jar(Path jar, List<String> args) {
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return List.copyOf(command);
  }
}
