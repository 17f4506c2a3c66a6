package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.args.UsageException;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code logs <name> [-f]}: copies a component's log to standard output, and keeps following it.
 */
public final class LogsCommand {

  private static final long FOLLOW_INTERVAL_MILLIS = 250;
  private static final int CHUNK = 64 * 1024;

  private final Settings settings;
  private final PrintStream out;

  public LogsCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public int run(String component, boolean follow) {
    if (!Components.names().contains(component)) {
      throw new UsageException(
          "unknown component '"
              + component
              + "'; valid names: "
              + String.join(", ", Components.names()));
    }
    Path log = settings.stateDir().logFile(component);
    if (!Files.exists(log)) {
      throw new CliException(
          "there is no log of " + component + " yet (" + log + "); has it been started?");
    }
    try {
      long position = copyFrom(log, 0);
      while (follow && !Thread.currentThread().isInterrupted()) {
        Thread.sleep(FOLLOW_INTERVAL_MILLIS);
        // A log that shrank was replaced (e.g. after --purge); start again from its beginning.
        position = copyFrom(log, Files.size(log) < position ? 0 : position);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Copies {@code log} from {@code position} to its current end; returns the new position. */
  private long copyFrom(Path log, long position) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      file.seek(position);
      byte[] buffer = new byte[CHUNK];
      int read;
      while ((read = file.read(buffer)) > 0) {
        out.write(buffer, 0, read);
        position += read;
      }
    }
    out.flush();
    return position;
  }
}
