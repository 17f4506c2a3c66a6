package io.sluice.launcher.storage;

import io.sluice.launcher.config.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The launcher's S3 client: path-style, with connect, read and per-call timeouts and retries. */
@ApplicationScoped
public class S3ClientProducer {

  @Produces
  @Singleton
  S3Client s3Client(S3Config config) {
    return S3Client.builder()
        .endpointOverride(config.endpoint())
        .region(Region.of(config.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
        .forcePathStyle(true)
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(java.time.Duration.ofSeconds(5))
                .socketTimeout(config.callTimeout()))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(config.callTimeout())
                .retryStrategy(RetryMode.STANDARD)
                .build())
        .build();
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
