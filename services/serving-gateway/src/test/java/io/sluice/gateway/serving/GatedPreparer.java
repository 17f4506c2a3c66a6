package io.sluice.gateway.serving;

import io.sluice.gateway.artifact.ArtifactDownloader;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelLoader;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real preparer, except that preparing a held model waits until the test releases it: a slow
 * download, for as long as the test wants. Enabled only by test profiles that name it.
 */
@Alternative
@Singleton
public class GatedPreparer extends ModelPreparer {

  private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);
  private static volatile String heldModel;
  private static volatile CountDownLatch preparing = new CountDownLatch(1);
  private static volatile CountDownLatch released = new CountDownLatch(1);

  public GatedPreparer(ArtifactDownloader downloader, ModelLoader loader) {
    super(downloader, loader);
  }

  /** Preparing {@code model} waits from now on until {@link #release()}. */
  public static void hold(String model) {
    preparing = new CountDownLatch(1);
    released = new CountDownLatch(1);
    heldModel = model;
  }

  /** True once preparing the held model started and waits. */
  public static boolean isPreparing() {
    return preparing.getCount() == 0;
  }

  public static void release() {
    heldModel = null;
    released.countDown();
  }

  @Override
  public ServedModel prepare(ModelVersion version) throws UnusableArtifactException {
    if (version.name().equals(heldModel)) {
      preparing.countDown();
      try {
        released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return super.prepare(version);
  }
}
