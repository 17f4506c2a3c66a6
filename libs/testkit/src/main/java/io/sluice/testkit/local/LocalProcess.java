package io.sluice.testkit.local;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The life of a local-mode server process: quiet logging, one {@code READY} line on standard output
 * once it serves, and a clean stop (with a {@code STOPPED} line) on SIGTERM or Ctrl-C.
 */
final class LocalProcess {

  /** The exit status for bad flags, as is usual for command-line tools. */
  static final int USAGE_ERROR = 2;

  private LocalProcess() {}

  /** Keeps the libraries' INFO chatter off the console unless the user asked for it. */
  static void quietLogging() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /**
   * Reads the command line, or prints what is wrong and the usage to standard error and exits with
   * {@link #USAGE_ERROR}.
   */
  static <T> T parseOrExit(Supplier<T> parse, String usage) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: " + usage);
      System.exit(USAGE_ERROR);
      throw e;
    }
  }

  /** The exit status when the server cannot start (port taken, Kafka topic missing, ...). */
  static final int START_FAILED = 1;

  /** Starts the server, or explains on standard error why not and exits. */
  static <T> T startOrExit(String name, Supplier<T> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      System.err.println("Could not start " + name + ": " + describe(e));
      System.exit(START_FAILED);
      throw e;
    }
  }

  private static String describe(Throwable failure) {
    StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      message.append(": ").append(cause.getMessage());
    }
    return message.toString();
  }

  /**
   * Announces {@code READY <name> <address>} and blocks until the JVM is asked to stop, then closes
   * the server before the JVM exits.
   */
  static void serveUntilTerminated(String name, String address, AutoCloseable server) {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(name, server), "sluice-local-" + name + "-stop"));
    System.out.println("READY " + name + " " + address);
    System.out.flush();
    awaitTermination();
  }

  private static void stop(String name, AutoCloseable server) {
    try {
      server.close();
      System.out.println("STOPPED " + name);
    } catch (Exception e) {
      System.err.println("Could not stop " + name + " cleanly: " + e);
    }
    System.out.flush();
  }

  private static void awaitTermination() {
    try {
      // Nothing counts it down: the JVM ends this wait by exiting after the shutdown hook ran.
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
