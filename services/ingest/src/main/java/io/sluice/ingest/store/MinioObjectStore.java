package io.sluice.ingest.store;

import io.sluice.storage.ObjectNotFoundException;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.List;

/**
 * {@link ObjectStore} over the shared store client (libs/storage), whose timeouts come from {@code
 * sluice.s3.*}. Failures other than a missing object surface as {@code StorageException}s, which
 * the eventing library retries with backoff.
 */
@ApplicationScoped
public class MinioObjectStore implements ObjectStore {

  private final StorageClient storage;

  public MinioObjectStore(StorageClient storage) {
    this.storage = storage;
  }

  @Override
  public List<StoredObject> list(String bucket, String prefix, int limit) {
    return storage.list(bucket, prefix, limit);
  }

  @Override
  public InputStream open(String bucket, String key) throws ObjectGoneException {
    try {
      return storage.open(bucket, key);
    } catch (ObjectNotFoundException e) {
      throw new ObjectGoneException(key);
    }
  }
}
