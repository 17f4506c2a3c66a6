package io.sluice.ingest;

import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import io.sluice.testkit.EmbeddedS3;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes objects into the test S3's {@code datasets} bucket, as a data engineer would. */
final class DatasetsBucket implements AutoCloseable {

  static final String BUCKET = "datasets";
  static final Path IRIS = Path.of("../../examples/iris/iris.csv");

  private final StorageClient storage;

  DatasetsBucket() {
    EmbeddedS3 store = SluiceInfra.get().s3();
    storage =
        StorageClient.create(
            StorageSettings.of(
                store.endpoint(), store.region(), store.accessKey(), store.secretKey()));
  }

  static String iris() throws Exception {
    return Files.readString(IRIS);
  }

  /** Puts an object; returns its ETag without quotes. */
  String put(String key, String content) {
    return storage.put(BUCKET, key, content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    storage.close();
  }
}
