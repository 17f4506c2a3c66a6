package io.sluice.cli.provision;

import io.sluice.cli.CliException;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageException;

/** Creates S3 buckets idempotently: a bucket we already own counts as done. */
public final class S3Buckets {

  private final StorageClient storage;

  public S3Buckets(StorageClient storage) {
    this.storage = storage;
  }

  public Outcome ensure(String bucket) {
    try {
      return storage.createBucketIfMissing(bucket) ? Outcome.CREATED : Outcome.EXISTED;
    } catch (StorageException e) {
      throw new CliException("could not create bucket " + bucket + ": " + e.getMessage(), e);
    }
  }
}
