package io.sluice.ingest.drop;

import io.sluice.ingest.store.ObjectStore;
import io.sluice.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** An object store in memory, for unit tests; objects can be listed but made unreadable. */
final class InMemoryStore implements ObjectStore {

  private final TreeMap<String, byte[]> objects = new TreeMap<>();
  private final Set<String> gone = new HashSet<>();

  InMemoryStore put(String key, String content) {
    return put(key, content.getBytes(StandardCharsets.UTF_8));
  }

  InMemoryStore put(String key, byte[] content) {
    objects.put(key, content);
    return this;
  }

  /** Lists the object but answers "no such key" when it is read. */
  InMemoryStore vanishOnRead(String key) {
    gone.add(key);
    return this;
  }

  @Override
  public List<StoredObject> list(String bucket, String prefix, int limit) {
    return objects.tailMap(prefix).entrySet().stream()
        .takeWhile(e -> e.getKey().startsWith(prefix))
        .limit(limit)
        .map(e -> new StoredObject(e.getKey(), e.getValue().length, "etag-" + e.getKey().length()))
        .toList();
  }

  @Override
  public InputStream open(String bucket, String key) throws ObjectGoneException {
    if (gone.contains(key) || !objects.containsKey(key)) {
      throw new ObjectGoneException(key);
    }
    return new ByteArrayInputStream(objects.get(key));
  }
}
