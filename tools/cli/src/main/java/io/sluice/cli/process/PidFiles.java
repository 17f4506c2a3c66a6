package io.sluice.cli.process;

import io.sluice.cli.config.StateDir;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/** Reads and writes {@code run/<name>.pid}, a small properties file per started process. */
public final class PidFiles {

  private final StateDir stateDir;

  public PidFiles(StateDir stateDir) {
    this.stateDir = stateDir;
  }

  public void write(String component, PidRecord record) {
    Properties properties = new Properties();
    properties.setProperty("pid", Long.toString(record.pid()));
    properties.setProperty("started", record.startedAt().toString());
    properties.setProperty("startTicks", Long.toString(record.startTicks()));
    properties.setProperty("logOffset", Long.toString(record.logOffset()));
    Path file = stateDir.pidFile(component);
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(writer, "started by ./sluice for " + component);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The record of {@code component}, or empty when there is no pid file or it is unreadable. */
  public Optional<PidRecord> read(String component) {
    Path file = stateDir.pidFile(component);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return Optional.of(
          new PidRecord(
              Long.parseLong(properties.getProperty("pid", "").trim()),
              Instant.parse(properties.getProperty("started", "").trim()),
              Long.parseLong(
                  properties.getProperty("startTicks", Long.toString(StartTicks.UNKNOWN)).trim()),
              Long.parseLong(properties.getProperty("logOffset", "0").trim())));
    } catch (IOException | RuntimeException e) {
      // A damaged pid file identifies nothing; treating it as absent never kills a stranger.
      return Optional.empty();
    }
  }

  public void delete(String component) {
    try {
      Files.deleteIfExists(stateDir.pidFile(component));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + stateDir.pidFile(component), e);
    }
  }
}
