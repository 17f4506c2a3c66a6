package io.sluice.security.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.sluice.security.ImageAllowList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The {@link ImageAllowList} of {@link ImagesConfig}. It is built at start-up, so that a mistyped
 * entry stops the service with the entry and the reason instead of refusing every step later.
 */
@ApplicationScoped
public class ImageAllowListProducer {

  private final ImageAllowList allowList;

  public ImageAllowListProducer(ImagesConfig config) {
    try {
      this.allowList = ImageAllowList.of(config.allowed(), config.digestsOnly());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(ImagesConfig.ALLOWED + ": " + e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  ImageAllowList allowList() {
    return allowList;
  }

  void checkAtStart(@Observes StartupEvent startup) {
    // Observing start-up creates this bean, and its constructor checks the entries.
  }
}
