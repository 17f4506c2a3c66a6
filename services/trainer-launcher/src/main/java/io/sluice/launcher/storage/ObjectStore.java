package io.sluice.launcher.storage;

import io.sluice.events.FileDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies whole folders between the object store and the local disk. Every call goes through an
 * {@link S3Client} built with timeouts and retries (see {@code S3ClientProducer}).
 */
public final class ObjectStore {

  private final S3Client s3;

  public ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Downloads every object under {@code source} into {@code target}, keeping relative paths. A key
   * that would land outside {@code target} (e.g. {@code ../x}) is refused.
   */
  public void download(S3Location source, Path target) throws IOException {
    try {
      for (S3Object object : list(source)) {
        String relative = object.key().substring(source.prefix().length());
        if (relative.isEmpty() || relative.endsWith("/")) {
          continue; // a folder marker, not a file
        }
        Path file = safeChild(target, relative);
        Files.createDirectories(file.getParent());
        s3.getObject(
            GetObjectRequest.builder().bucket(source.bucket()).key(object.key()).build(), file);
      }
    } catch (SdkException e) {
      throw new IOException("download of " + source + " failed: " + e.getMessage(), e);
    }
  }

  /** Uploads every file of {@code source} below {@code target}; returns what it uploaded. */
  public List<FileDigest> upload(Path source, S3Location target) throws IOException {
    List<FileDigest> files = FolderFiles.of(source);
    try {
      for (FileDigest file : files) {
        s3.putObject(
            PutObjectRequest.builder()
                .bucket(target.bucket())
                .key(target.keyOf(file.path()))
                .build(),
            RequestBody.fromFile(source.resolve(file.path())));
      }
    } catch (SdkException e) {
      throw new IOException("upload to " + target + " failed: " + e.getMessage(), e);
    }
    return files;
  }

  /** Writes one small object (e.g. a JSON document) at {@code target}, read as an object key. */
  public void put(S3Location target, byte[] content) throws IOException {
    try {
      s3.putObject(
          PutObjectRequest.builder().bucket(target.bucket()).key(target.objectKey()).build(),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw new IOException("write of " + target + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one small object; empty when it does not exist, an error when it is larger than {@code
   * maxBytes}.
   */
  public Optional<byte[]> get(S3Location source, int maxBytes) throws IOException {
    try {
      byte[] content =
          s3.getObjectAsBytes(
                  GetObjectRequest.builder()
                      .bucket(source.bucket())
                      .key(source.objectKey())
                      .build())
              .asByteArray();
      if (content.length > maxBytes) {
        throw new IOException(source + " has " + content.length + " bytes, over " + maxBytes);
      }
      return Optional.of(content);
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new IOException("read of " + source + " failed: " + e.getMessage(), e);
    }
  }

  private List<S3Object> list(S3Location location) {
    return s3
        .listObjectsV2Paginator(
            ListObjectsV2Request.builder()
                .bucket(location.bucket())
                .prefix(location.prefix())
                .build())
        .contents()
        .stream()
        .toList();
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
