package io.sluice.storage;

import io.minio.Http;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The HTTP client under the MinIO SDK: every wait bounded by the settings, HTTP/1.1 (MinIO's own
 * choice for its default client), the SDK's retry of throttling and server errors (a few tries with
 * jittered backoff, all inside the call timeout), and the trust bundle when one is set.
 */
final class StoreHttpClient {

  private StoreHttpClient() {}

  static OkHttpClient create(StorageSettings settings) {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.socketTimeout())
            .writeTimeout(settings.socketTimeout())
            .callTimeout(settings.callTimeout())
            .protocols(List.of(Protocol.HTTP_1_1))
            .addInterceptor(new Http.StatusRetryInterceptor());
    settings
        .trustCertificates()
        .map(TrustBundle::read)
        .ifPresent(
            bundle -> builder.sslSocketFactory(bundle.socketFactory(), bundle.trustManager()));
    return builder.build();
  }
}
