package io.sluice.e2e.platform;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the end of every service log and the events seen so far when a test or a set-up method
 * fails, so that a red CI run says which service stopped the chain and why.
 */
public final class LogsOnFailure
    implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  private static final int LOG_LINES = 60;
  private static final int EVENTS = 60;
  private static final Set<Throwable> REPORTED =
      Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    report(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    report(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    report(context, throwable);
  }

  private static void report(ExtensionContext context, Throwable throwable) throws Throwable {
    // A scenario that fails because an earlier one did (the shared first model) adds nothing new.
    boolean seen = REPORTED.contains(throwable) || REPORTED.contains(throwable.getCause());
    REPORTED.add(throwable);
    if (seen) {
      throw throwable;
    }
    Platform.running()
        .ifPresent(
            platform -> {
              StringBuilder text = new StringBuilder();
              text.append("\n[e2e] ").append(context.getDisplayName()).append(" failed: ");
              text.append(throwable).append('\n');
              if (platform.events() != null) {
                text.append("===== last events\n").append(platform.events().describeLast(EVENTS));
              }
              text.append(platform.logs().tails(LOG_LINES));
              System.out.println(text);
            });
    throw throwable;
  }
}
