package io.sluice.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.sluice.launcher.stager.StagerCommand;

/**
 * The launcher's entry point. With the single argument {@code stage-in} or {@code stage-out} the
 * same jar (and image) acts as a step pod's stager and never starts the service: so the stager
 * shares the launcher's staging code and a cluster pulls one image for both.
 */
@QuarkusMain
public final class LauncherMain {

  private LauncherMain() {}

  public static void main(String... args) {
    if (StagerCommand.handles(args)) {
      int code;
      try {
        code = StagerCommand.run(args[0], System.getenv());
      } catch (Exception e) {
        System.err.println(args[0] + " failed: " + e);
        code = 2;
      }
      System.exit(code);
    }
    Quarkus.run(args);
  }
}
