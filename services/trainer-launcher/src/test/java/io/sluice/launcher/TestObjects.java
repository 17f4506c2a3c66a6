package io.sluice.launcher;

import io.sluice.storage.ObjectContent;
import io.sluice.storage.StorageClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text objects in the test store, written and read as a user or a step would. */
public final class TestObjects {

  private TestObjects() {}

  public static void put(StorageClient storage, String bucket, String key, String text) {
    storage.put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
  }

  public static String read(StorageClient storage, String bucket, String key) {
    try (ObjectContent in = storage.open(bucket, key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
