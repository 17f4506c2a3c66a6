package io.sluice.launcher.storage;

import io.sluice.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The launcher's folder copier over the service's store client (libs/storage). */
@ApplicationScoped
public class ObjectStoreProducer {

  @Produces
  @Singleton
  ObjectStore objectStore(StorageClient storage) {
    return new ObjectStore(storage);
  }
}
