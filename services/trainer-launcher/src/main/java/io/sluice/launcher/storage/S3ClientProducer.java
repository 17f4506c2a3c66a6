package io.sluice.launcher.storage;

import io.sluice.launcher.config.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

/** The launcher's S3 client: path-style, with connect, read and per-call timeouts and retries. */
@ApplicationScoped
public class S3ClientProducer {

  @Produces
  @Singleton
  S3Client s3Client(S3Config config) {
    return S3Clients.create(
        config.endpoint(),
        config.region(),
        config.accessKey(),
        config.secretKey(),
        config.callTimeout());
  }

  @Produces
  @Singleton
  ObjectStore objectStore(S3Client s3) {
    return new ObjectStore(s3);
  }

  void close(@Disposes S3Client s3) {
    s3.close();
  }
}
