package io.sluice.e2e.platform;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared platform when the test run ends, whichever test classes ran; {@code ShutdownIT}
 * normally does it first and asserts the outcome, this is the safety net for partial runs.
 */
public final class PlatformSession implements LauncherSessionListener {

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    Platform.stop()
        .filter(report -> !report.clean())
        .ifPresent(
            report ->
                System.err.println(
                    "[e2e] the platform did not stop cleanly: " + report.describe()));
  }
}
