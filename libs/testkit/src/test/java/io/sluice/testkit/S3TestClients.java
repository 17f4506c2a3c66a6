package io.sluice.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** AWS SDK v2 clients configured the way a Sluice service talks to the embedded store. */
final class S3TestClients {

  private S3TestClients() {}

  static S3Client forStore(EmbeddedS3 s3) {
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .build();
  }
}
