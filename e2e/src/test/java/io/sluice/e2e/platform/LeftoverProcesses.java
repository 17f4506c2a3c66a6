package io.sluice.e2e.platform;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds processes that name a state folder on their command line: every process local mode starts
 * carries {@code -Dsluice.home=<folder>} (the JVMs) or a data path in it (the postmaster).
 */
public final class LeftoverProcesses {

  private LeftoverProcesses() {}

  /** {@code "<pid> <command line>"} of each live process whose command line names {@code home}. */
  public static List<String> mentioning(Path home) {
    String folder = home.toString();
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.pid() != self)
        .flatMap(
            p ->
                commandLine(p)
                    .filter(line -> line.contains(folder))
                    .map(l -> p.pid() + " " + l)
                    .stream())
        .toList();
  }

  private static Optional<String> commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    return info.arguments()
        .map(args -> info.command().orElse("?") + " " + String.join(" ", Arrays.asList(args)))
        .or(info::commandLine);
  }
}
