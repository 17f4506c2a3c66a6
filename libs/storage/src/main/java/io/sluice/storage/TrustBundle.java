package io.sluice.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CA certificates of a PEM bundle as a TLS trust manager, for MinIO behind TLS with a private
 * CA. The bundle replaces the JVM's default CAs for the store's client only: a store signed by
 * another CA is refused rather than trusted by accident.
 *
 * @param trustManager checks the store's certificate chain against the bundle
 * @param socketFactory opens TLS connections with that trust manager
 */
public record TrustBundle(X509TrustManager trustManager, SSLSocketFactory socketFactory) {

  /**
   * Reads every certificate of the bundle.
   *
   * @throws IllegalArgumentException when the file cannot be read, holds no certificate or is not
   *     PEM; the message names the file
   */
  public static TrustBundle read(Path pemFile) {
    try {
      X509TrustManager trustManager = trustManagerOf(keyStoreOf(pemFile));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return new TrustBundle(trustManager, context.getSocketFactory());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "sluice.s3.trust-certificates: cannot use " + pemFile + " as a PEM CA bundle: " + e, e);
    }
  }

  private static KeyStore keyStoreOf(Path pemFile) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the file");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int index = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + index++, certificate);
    }
    return store;
  }

  private static X509TrustManager trustManagerOf(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
  }
}
