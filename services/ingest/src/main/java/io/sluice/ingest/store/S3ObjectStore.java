package io.sluice.ingest.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} over the AWS SDK. Timeouts come from the client ({@link S3ClientProducer});
 * failures other than a missing object surface as SDK exceptions, which the eventing library
 * retries with backoff.
 */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {

  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public List<StoredObject> list(String bucket, String prefix, int limit) {
    List<StoredObject> objects = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page = s3.listObjectsV2(request(bucket, prefix, token));
      for (S3Object object : page.contents()) {
        if (objects.size() >= limit) {
          return objects;
        }
        objects.add(new StoredObject(object.key(), object.size(), unquote(object.eTag())));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return objects;
  }

  @Override
  public InputStream open(String bucket, String key) throws ObjectGoneException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new ObjectGoneException(key);
    }
  }

  private static ListObjectsV2Request request(String bucket, String prefix, String token) {
    return ListObjectsV2Request.builder()
        .bucket(bucket)
        .prefix(prefix)
        .continuationToken(token)
        .build();
  }

  private static String unquote(String eTag) {
    if (eTag == null || eTag.isEmpty()) {
      return null;
    }
    return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
        ? eTag.substring(1, eTag.length() - 1)
        : eTag;
  }
}
