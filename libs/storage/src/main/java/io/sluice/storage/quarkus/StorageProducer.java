package io.sluice.storage.quarkus;

import io.sluice.storage.StorageClient;
import io.sluice.storage.StorageSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the service's one {@link StorageClient}, built from {@code sluice.s3.*}, injectable. */
@ApplicationScoped
public class StorageProducer {

  @Produces
  @Singleton
  StorageClient storageClient(StorageConfig config) {
    return StorageClient.create(settings(config));
  }

  void close(@Disposes StorageClient client) {
    client.close();
  }

  /** The plain settings the configuration describes. */
  public static StorageSettings settings(StorageConfig config) {
    StorageSettings settings =
        StorageSettings.of(
                config.endpoint(), config.region(), config.accessKey(), config.secretKey())
            .withTimeouts(config.connectTimeout(), config.socketTimeout(), config.callTimeout());
    return config.trustCertificates().map(settings::trusting).orElse(settings);
  }
}
