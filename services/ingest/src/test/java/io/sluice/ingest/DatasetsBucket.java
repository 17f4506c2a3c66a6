package io.sluice.ingest;

import io.sluice.testkit.EmbeddedS3;
import io.sluice.testkit.SluiceInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Writes objects into the test S3's {@code datasets} bucket, as a data engineer would. */
final class DatasetsBucket implements AutoCloseable {

  static final String BUCKET = "datasets";
  static final Path IRIS = Path.of("../../examples/iris/iris.csv");

  private final S3Client s3;

  DatasetsBucket() {
    EmbeddedS3 store = SluiceInfra.get().s3();
    s3 =
        S3Client.builder()
            .endpointOverride(store.endpoint())
            .region(Region.of(store.region()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(store.accessKey(), store.secretKey())))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  static String iris() throws Exception {
    return Files.readString(IRIS);
  }

  /** Puts an object; returns its ETag without quotes. */
  String put(String key, String content) {
    String eTag =
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content)).eTag();
    return eTag.replace("\"", "");
  }

  @Override
  public void close() {
    s3.close();
  }
}
