package io.sluice.e2e.client;

import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import java.net.URI;

/** The {@code datasets} bucket as a data engineer writes to it: plain S3 PUTs, path-style. */
public final class DatasetsBucket implements AutoCloseable {

  public static final String BUCKET = "datasets";

  private final StorageClient storage;

  public DatasetsBucket(String endpoint, String accessKey, String secretKey, String region) {
    this.storage =
        StorageClient.create(
            StorageSettings.of(URI.create(endpoint), region, accessKey, secretKey));
  }

  /** Uploads one object and returns the eTag the store answered, without quotes. */
  public String put(String key, byte[] content) {
    return storage.put(BUCKET, key, content);
  }

  @Override
  public void close() {
    storage.close();
  }
}
