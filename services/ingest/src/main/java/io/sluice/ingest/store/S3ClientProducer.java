package io.sluice.ingest.store;

import io.sluice.ingest.config.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The one S3 client of ingest: path-style (MinIO), with a timeout on every call. */
@ApplicationScoped
public class S3ClientProducer {

  @Produces
  @Singleton
  S3Client s3Client(S3Config config) {
    return S3Client.builder()
        .endpointOverride(URI.create(config.endpoint()))
        .region(Region.of(config.region()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.socketTimeout()))
        .overrideConfiguration(o -> o.apiCallTimeout(config.callTimeout()))
        .build();
  }

  void close(@Disposes S3Client client) {
    client.close();
  }
}
