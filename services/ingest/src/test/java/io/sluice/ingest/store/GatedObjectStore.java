package io.sluice.ingest.store;

import io.sluice.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real store, except that reading an object under a held folder waits until the test releases
 * it: a slow store, for as long as the test wants. Enabled only by test profiles that name it.
 */
@Alternative
@ApplicationScoped
public class GatedObjectStore implements ObjectStore {

  private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);
  private static volatile String heldFolder;
  private static volatile CountDownLatch reading = new CountDownLatch(1);
  private static volatile CountDownLatch released = new CountDownLatch(1);

  private final MinioObjectStore store;

  public GatedObjectStore(MinioObjectStore store) {
    this.store = store;
  }

  /** Reads of objects under {@code folder} wait from now on until {@link #release()}. */
  public static void hold(String folder) {
    reading = new CountDownLatch(1);
    released = new CountDownLatch(1);
    heldFolder = folder;
  }

  /** True once a read of the held folder started and waits. */
  public static boolean isReading() {
    return reading.getCount() == 0;
  }

  public static void release() {
    heldFolder = null;
    released.countDown();
  }

  @Override
  public List<StoredObject> list(String bucket, String prefix, int limit) {
    return store.list(bucket, prefix, limit);
  }

  @Override
  public InputStream open(String bucket, String key) throws ObjectGoneException {
    String folder = heldFolder;
    if (folder != null && key.startsWith(folder)) {
      reading.countDown();
      awaitRelease();
    }
    return store.open(bucket, key);
  }

  private static void awaitRelease() {
    try {
      released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
