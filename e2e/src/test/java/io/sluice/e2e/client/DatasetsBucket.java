package io.sluice.e2e.client;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The {@code datasets} bucket as a data engineer writes to it: plain S3 PUTs, path-style. */
public final class DatasetsBucket implements AutoCloseable {

  public static final String BUCKET = "datasets";

  private final S3Client s3;

  public DatasetsBucket(String endpoint, String accessKey, String secretKey, String region) {
    this.s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .forcePathStyle(true)
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build();
  }

  /** Uploads one object and returns the eTag the store answered, without quotes. */
  public String put(String key, byte[] content) {
    String eTag =
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content)).eTag();
    return eTag == null ? null : eTag.replace("\"", "");
  }

  @Override
  public void close() {
    s3.close();
  }
}
