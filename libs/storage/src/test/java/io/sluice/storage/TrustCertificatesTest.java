package io.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store behind TLS signed by a private CA: trusted through the bundle, refused without it. */
class TrustCertificatesTest {

  private final HeldCertificate privateCa =
      new HeldCertificate.Builder().commonName("Sluice test CA").certificateAuthority(0).build();
  private final MockWebServer server = new MockWebServer();

  @TempDir Path folder;

  @BeforeEach
  void serveTls() throws Exception {
    HeldCertificate store =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .signedBy(privateCa)
            .build();
    server.useHttps(
        new HandshakeCertificates.Builder().heldCertificate(store).build().sslSocketFactory());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void storeSignedByTheBundlesCaIsTrusted() throws Exception {
    Path bundle = Files.writeString(folder.resolve("ca.pem"), privateCa.certificatePem());
    server.enqueue(new MockResponse.Builder().code(200).build());

    try (StorageClient client = StorageClient.create(settings().trusting(bundle))) {
      assertThat(client.bucketExists("datasets")).isTrue();
    }
  }

  @Test
  void withoutTheBundleTheHandshakeFailsAndTheMessageSaysWhatToSet() {
    try (StorageClient client = StorageClient.create(settings())) {
      assertThatThrownBy(() -> client.bucketExists("datasets"))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("sluice.s3.trust-certificates");
    }
  }

  @Test
  void bundleOfAnotherCaIsNotEnough() throws Exception {
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    Path bundle = Files.writeString(folder.resolve("other.pem"), otherCa.certificatePem());

    try (StorageClient client = StorageClient.create(settings().trusting(bundle))) {
      assertThatThrownBy(() -> client.bucketExists("datasets"))
          .isInstanceOf(StoreUnavailableException.class);
    }
  }

  @Test
  void fileWithoutCertificatesIsRefusedAtStartNamingTheFile() throws Exception {
    Path notPem = Files.writeString(folder.resolve("key.txt"), "not a certificate\n");

    assertThatThrownBy(() -> StorageClient.create(settings().trusting(notPem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sluice.s3.trust-certificates")
        .hasMessageContaining(notPem.toString());
  }

  private StorageSettings settings() {
    return StorageSettings.of(URI.create(server.url("/").toString()), "us-east-1", "a", "b")
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }
}
