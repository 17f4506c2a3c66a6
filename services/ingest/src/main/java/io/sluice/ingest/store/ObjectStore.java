package io.sluice.ingest.store;

import io.sluice.storage.StoredObject;
import java.io.InputStream;
import java.util.List;

/** What ingest needs from the object store: list a folder, read an object. */
public interface ObjectStore {

  /**
   * Lists the objects under {@code prefix}, in key order, at most {@code limit} of them.
   *
   * @throws RuntimeException when the store cannot be reached (transient: retry later)
   */
  List<StoredObject> list(String bucket, String prefix, int limit);

  /**
   * Opens an object for streaming.
   *
   * @throws ObjectGoneException when the object no longer exists
   */
  InputStream open(String bucket, String key) throws ObjectGoneException;

  /** Thrown when a listed object was deleted before it could be read. */
  class ObjectGoneException extends Exception {
    public ObjectGoneException(String key) {
      super(key + " was listed but no longer exists");
    }
  }
}
