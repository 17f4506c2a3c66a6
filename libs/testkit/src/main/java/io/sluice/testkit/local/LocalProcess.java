package io.sluice.testkit.local;

import java.util.concurrent.CountDownLatch;

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

  /** Prints the message and the usage to standard error and exits with {@link #USAGE_ERROR}. */
  static void exitWithUsage(String message, String usage) {
    System.err.println(message);
    System.err.println("usage: " + usage);
    System.exit(USAGE_ERROR);
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
