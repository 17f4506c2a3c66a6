package io.sluice.orchestrator.storage;

import io.sluice.events.FileDigest;
import io.sluice.events.S3Uri;
import io.sluice.events.StepOutput;
import io.sluice.storage.ObjectNotFoundException;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether outputs a step reported are still in the object store, as a reused cache entry needs: one
 * listing per output folder, every recorded file present with its recorded size. Contents are not
 * re-hashed (that would read every byte): a file overwritten with the same size in place is not
 * noticed, which is why artifacts are written once under attempt-specific folders.
 */
@ApplicationScoped
public class StoredOutputs {

  private final StorageClient storage;

  public StoredOutputs(StorageClient storage) {
    this.storage = storage;
  }

  /**
   * True when every file of every output is listed with its size.
   *
   * @throws io.sluice.storage.StorageException when the store cannot answer (unavailable, access
   *     denied): the caller cannot tell, and must not treat that as present
   */
  public boolean allPresent(List<StepOutput> outputs) {
    for (StepOutput output : outputs) {
      if (!present(output)) {
        return false;
      }
    }
    return true;
  }

  private boolean present(StepOutput output) {
    S3Uri folder;
    try {
      folder = S3Uri.parse(output.uri());
    } catch (IllegalArgumentException e) {
      return false; // not where anything can be read back from
    }
    String prefix = folder.key().endsWith("/") ? folder.key() : folder.key() + "/";
    Map<String, Long> sizes = new HashMap<>();
    try {
      for (StoredObject object : storage.list(folder.bucket(), prefix)) {
        sizes.put(object.key().substring(prefix.length()), object.size());
      }
    } catch (ObjectNotFoundException e) {
      return false; // the bucket itself is gone
    }
    for (FileDigest file : output.files()) {
      Long size = sizes.get(file.path());
      if (size == null || size != file.size()) {
        return false;
      }
    }
    return true;
  }
}
