package io.sluice.cli.command;

import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.process.PostmasterReaper;
import io.sluice.cli.process.ProcessOwnership;
import io.sluice.cli.process.ProcessStopper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code down}: stops what {@code up} started from this state folder, and only that (see {@link
 * ProcessOwnership}): the services first, then Postgres, S3 and Kafka, so that nothing loses its
 * broker or database while it still runs. Data stays unless {@code --purge} is given.
 */
public final class DownCommand {

  private final Settings settings;
  private final PrintStream out;
  private final ComponentStopper stopper;
  private final ProcessStopper postmasterStopper = new ProcessStopper();

  public DownCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.stopper = new ComponentStopper(settings, out);
  }

  public int run(boolean purge) {
    int stopped = 0;
    for (List<String> group : stopOrder()) {
      stopped += stopper.stop(group);
      if (group.contains(Components.POSTGRES)) {
        stopped += stopOrphanedPostmaster();
      }
    }
    if (stopped == 0) {
      out.println("nothing was running");
    }
    if (purge) {
      deleteRecursively(settings.stateDir().data());
      out.println("deleted " + settings.stateDir().data());
      // A purge starts over: tokens signed with the old key stop working at the next up.
      deleteRecursively(settings.stateDir().keys());
      deleteRecursively(settings.stateDir().adminToken());
      out.println("deleted the token signing key and the admin token");
    }
    out.flush();
    return 0;
  }

  /** Services (in reverse start order) together, then Postgres, S3, Kafka one by one. */
  static List<List<String>> stopOrder() {
    List<String> services = new ArrayList<>(Components.SERVICES);
    Collections.reverse(services);
    return List.of(
        services, List.of(Components.POSTGRES), List.of(Components.S3), List.of(Components.KAFKA));
  }

  private int stopOrphanedPostmaster() {
    Optional<ProcessHandle> postmaster =
        PostmasterReaper.find(settings.stateDir().dataOf(Components.POSTGRES));
    postmaster.ifPresent(
        server -> {
          postmasterStopper.stop(List.of(server), settings.stopGrace());
          report(
              Components.POSTGRES,
              "stopped the server its process left behind (pid " + server.pid() + ")");
        });
    return postmaster.isPresent() ? 1 : 0;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private void report(String name, String what) {
    out.printf("%-17s %s%n", name, what);
    out.flush();
  }
}
