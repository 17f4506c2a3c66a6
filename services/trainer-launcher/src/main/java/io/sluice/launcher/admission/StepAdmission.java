package io.sluice.launcher.admission;

import io.quarkus.runtime.StartupEvent;
import io.sluice.events.StepRequested;
import io.sluice.launcher.config.LauncherConfig;
import io.sluice.launcher.kubernetes.JobSpecs;
import io.sluice.launcher.local.LocalCommands;
import io.sluice.security.ImageAllowList;
import io.sluice.security.ImageReference;
import io.sluice.security.quarkus.ImagesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Decides, before anything starts, whether a requested step may run here: its image must be on
 * {@code sluice.images.allowed} (the orchestrator checked at registration, but a request can be
 * published by anyone who can write to the runs topic), and in local mode, where the image is not
 * used, its {@code argv[0]} must be on {@code sluice.launcher.local.allowed-commands}.
 */
@ApplicationScoped
public class StepAdmission {

  private final ImageAllowList images;
  private final LocalCommands commands;

  @Inject
  public StepAdmission(ImageAllowList images, LauncherConfig config) {
    // A Job runs its argv inside the (checked) image, not on a host: no command list applies.
    this(
        images,
        config.executor() == LauncherConfig.ExecutorKind.LOCAL ? localCommands(config) : null);
  }

  /** {@code commands}: what local steps may start, or null when steps do not run on this host. */
  StepAdmission(ImageAllowList images, LocalCommands commands) {
    this.images = images;
    this.commands = commands;
  }

  private static LocalCommands localCommands(LauncherConfig config) {
    try {
      return LocalCommands.of(config.localAllowedCommands());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          LauncherConfig.LOCAL_ALLOWED_COMMANDS + ": " + e.getMessage(), e);
    }
  }

  /** Why the request may not run (for {@code step.failed}), or empty when it may. */
  public Optional<String> refusal(StepRequested request) {
    // The image a Job would really pull: with the request's digest appended when it has one.
    String image = JobSpecs.imageOf(request);
    ImageAllowList.Decision decision = images.check(image);
    if (!decision.allowed()) {
      return Optional.of(
          "image '"
              + ImageReference.printable(image)
              + "' is not allowed: "
              + decision.reason()
              + " (set by "
              + ImagesConfig.ALLOWED
              + " and "
              + ImagesConfig.DIGESTS_ONLY
              + ")");
    }
    return commands == null
        ? Optional.empty()
        : commands
            .refusal(request.argv())
            .map(reason -> reason + " (set by " + LauncherConfig.LOCAL_ALLOWED_COMMANDS + ")");
  }

  void checkAtStart(@Observes StartupEvent startup) {
    // Observing start-up creates this bean: a mistyped allowed command stops the start.
  }
}
