package io.sluice.launcher.storage;

import io.sluice.events.FileDigest;
import io.sluice.events.S3Uri;
import io.sluice.storage.ObjectContent;
import io.sluice.storage.ObjectNotFoundException;
import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageException;
import io.sluice.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Copies whole folders between the object store and the local disk, through the shared store client
 * (libs/storage) with its timeouts and retries. Every store failure is an {@link IOException}
 * naming the folder or object, so staging reports it like any other I/O failure.
 */
public final class ObjectStore {

  private final StorageClient storage;

  public ObjectStore(StorageClient storage) {
    this.storage = storage;
  }

  /**
   * Downloads every object under {@code source} into {@code target}, keeping relative paths. A key
   * that would land outside {@code target} (e.g. {@code ../x}) is refused.
   */
  public void download(S3Location source, Path target) throws IOException {
    try {
      for (StoredObject object : storage.list(source.bucket(), source.prefix())) {
        String relative = object.key().substring(source.prefix().length());
        if (relative.isEmpty() || relative.endsWith("/")) {
          continue; // a folder marker, not a file
        }
        Path file = safeChild(target, relative);
        Files.createDirectories(file.getParent());
        storage.download(source.bucket(), object.key(), file);
      }
    } catch (StorageException e) {
      throw new IOException("download of " + source + " failed: " + e.getMessage(), e);
    }
  }

  /** Uploads every file of {@code source} below {@code target}; returns what it uploaded. */
  public List<FileDigest> upload(Path source, S3Location target) throws IOException {
    List<FileDigest> files = FolderFiles.of(source);
    try {
      for (FileDigest file : files) {
        storage.upload(target.bucket(), target.keyOf(file.path()), source.resolve(file.path()));
      }
    } catch (StorageException e) {
      throw new IOException("upload to " + target + " failed: " + e.getMessage(), e);
    }
    return files;
  }

  /** Uploads one file as the object {@code key} of {@code bucket}. */
  public void uploadFile(String bucket, String key, Path file) throws IOException {
    try {
      storage.upload(bucket, key, file);
    } catch (StorageException e) {
      throw new IOException("upload to " + S3Uri.of(bucket, key) + " failed: " + e.getMessage(), e);
    }
  }

  /** Writes one small object (e.g. a JSON document) at {@code target}, read as an object key. */
  public void put(S3Location target, byte[] content) throws IOException {
    try {
      storage.put(target.bucket(), target.objectKey(), content);
    } catch (StorageException e) {
      throw new IOException("write of " + target + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one small object; empty when it does not exist, an error when it is larger than {@code
   * maxBytes}.
   */
  public Optional<byte[]> get(S3Location source, int maxBytes) throws IOException {
    try (ObjectContent in = storage.open(source.bucket(), source.objectKey())) {
      byte[] content = readAtMost(in, maxBytes);
      if (content.length > maxBytes) {
        throw new IOException(source + " has more than " + maxBytes + " bytes");
      }
      return Optional.of(content);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (StorageException e) {
      throw new IOException("read of " + source + " failed: " + e.getMessage(), e);
    }
  }

  /** One byte more than allowed is enough to know it is too large. */
  private static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
    return in.readNBytes(maxBytes + 1);
  }

  static Path safeChild(Path folder, String relative) throws IOException {
    Path base = folder.toAbsolutePath().normalize();
    Path child = base.resolve(relative).normalize();
    if (!child.startsWith(base) || child.equals(base)) {
      throw new IOException("object key '" + relative + "' points outside its folder");
    }
    return child;
  }
}
