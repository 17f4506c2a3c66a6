package io.sluice.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetBucketNotificationArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.SetBucketNotificationArgs;
import io.minio.UploadObjectArgs;
import io.minio.messages.Item;
import io.minio.messages.NotificationConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * The object operations Sluice needs, over one {@link MinioClient} built from {@link
 * StorageSettings}. Every failure is a {@link StorageException} subclass that says whether the
 * object is missing, access is denied, the store is unavailable (retry) or the request is wrong;
 * every wait is bounded by the settings' timeouts. Thread-safe; close it to release connections.
 */
public final class StorageClient implements AutoCloseable {

  /** The SDK's calls, each throwing whatever it throws; see {@link StorageErrors}. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  private final MinioClient minio;
  private final MinioClient streaming;
  private final StorageSettings settings;

  private StorageClient(MinioClient minio, MinioClient streaming, StorageSettings settings) {
    this.minio = minio;
    this.streaming = streaming;
    this.settings = settings;
  }

  /**
   * A client for the store; opens no connection yet.
   *
   * @throws IllegalArgumentException when the endpoint is malformed or the trust bundle unusable
   */
  public static StorageClient create(StorageSettings settings) {
    OkHttpClient http = StoreHttpClient.create(settings);
    // A download's body may stream for longer than any call should take (a large dataset on a
    // slow link): its reads stay bounded by the socket timeout, the whole call is not.
    OkHttpClient streaming = http.newBuilder().callTimeout(Duration.ZERO).build();
    return new StorageClient(minio(settings, http), minio(settings, streaming), settings);
  }

  private static MinioClient minio(StorageSettings settings, OkHttpClient http) {
    return MinioClient.builder()
        .endpoint(settings.endpoint().toString())
        .region(settings.region())
        .credentials(settings.accessKey(), settings.secretKey())
        .httpClient(http, true)
        .build();
  }

  public StorageSettings settings() {
    return settings;
  }

  /** Every object under {@code prefix}, in key order. */
  public List<StoredObject> list(String bucket, String prefix) {
    return list(bucket, prefix, Integer.MAX_VALUE);
  }

  /** The objects under {@code prefix}, in key order, at most {@code limit} of them. */
  public List<StoredObject> list(String bucket, String prefix, int limit) {
    return call(
        "LIST " + uri(bucket, prefix),
        () -> {
          List<StoredObject> objects = new ArrayList<>();
          for (Result<Item> result : minio.listObjects(listing(bucket, prefix))) {
            if (objects.size() >= limit) {
              break;
            }
            Item item = result.get();
            objects.add(
                new StoredObject(
                    item.objectName(),
                    item.size(),
                    StoredObject.unquote(item.etag()),
                    item.lastModified() == null ? null : item.lastModified().toInstant()));
          }
          return objects;
        });
  }

  /**
   * Opens an object for streaming.
   *
   * @throws ObjectNotFoundException when the object or its bucket does not exist
   */
  public ObjectContent open(String bucket, String key) {
    return call(
        "GET " + uri(bucket, key),
        () -> {
          GetObjectResponse response =
              streaming.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
          return new ObjectContent(response, contentLength(response));
        });
  }

  /** Downloads an object into {@code file}, replacing what is there. */
  public void download(String bucket, String key, Path file) throws IOException {
    try (InputStream in = open(bucket, key)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Uploads a file as an object (in parts when it is large); returns the ETag. */
  public String upload(String bucket, String key, Path file) {
    return call(
        "PUT " + uri(bucket, key),
        () ->
            StoredObject.unquote(
                minio
                    .uploadObject(
                        UploadObjectArgs.builder()
                            .bucket(bucket)
                            .object(key)
                            .filename(file.toString())
                            .build())
                    .etag()));
  }

  /** Writes a small object from memory; returns the ETag without quotes. */
  public String put(String bucket, String key, byte[] content) {
    return call(
        "PUT " + uri(bucket, key),
        () ->
            StoredObject.unquote(
                minio
                    .putObject(
                        PutObjectArgs.builder()
                            .bucket(bucket)
                            .object(key)
                            .data(content, content.length)
                            .build())
                    .etag()));
  }

  public boolean bucketExists(String bucket) {
    return call(
        "HEAD " + uri(bucket, ""),
        () -> minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
  }

  /** Creates the bucket; false when this account already owns it. */
  public boolean createBucketIfMissing(String bucket) {
    try {
      call(
          "CREATE BUCKET " + bucket,
          () -> {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            return null;
          });
      return true;
    } catch (RequestRejectedException e) {
      if ("BucketAlreadyOwnedByYou".equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  /** The bucket's notification configuration (empty lists when none is set). */
  NotificationConfiguration notificationConfiguration(String bucket) {
    return call(
        "GET " + uri(bucket, "") + "?notification",
        () ->
            minio.getBucketNotification(
                GetBucketNotificationArgs.builder().bucket(bucket).build()));
  }

  /** Replaces the bucket's whole notification configuration. */
  void setNotificationConfiguration(String bucket, NotificationConfiguration configuration) {
    call(
        "PUT " + uri(bucket, "") + "?notification",
        () -> {
          minio.setBucketNotification(
              SetBucketNotificationArgs.builder().bucket(bucket).config(configuration).build());
          return null;
        });
  }

  @Override
  public void close() {
    try {
      minio.close();
      streaming.close();
    } catch (Exception e) {
      throw new StorageException("closing the store client failed: " + e, e);
    }
  }

  private static ListObjectsArgs listing(String bucket, String prefix) {
    return ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build();
  }

  private static long contentLength(GetObjectResponse response) {
    String length = response.headers().get("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // For messages only, read by people and never parsed: the key as it is, not encoded (the
  // contract's URIs are written by io.sluice.events.S3Uri).
  private static String uri(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }

  private static <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw StorageErrors.translate(what, e);
    }
  }
}
