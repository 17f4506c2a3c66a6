package io.sluice.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A stand-in MinIO that answers with recorded exchanges (the XML files under {@code
 * src/test/resources/minio/}) and keeps every request the SDK sent, so a test can assert on the
 * exact wire traffic.
 */
final class MinioExchange implements AutoCloseable {

  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret-key";

  private final MockWebServer server = new MockWebServer();

  MinioExchange() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  MockWebServer server() {
    return server;
  }

  /** Settings for this server, with short timeouts so that failures are quick. */
  StorageSettings settings() {
    return StorageSettings.of(
            URI.create(server.url("/").toString()), "us-east-1", ACCESS_KEY, SECRET_KEY)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  StorageClient client() {
    return StorageClient.create(settings());
  }

  /** Queues an XML answer read from {@code minio/<file>}. */
  void answer(int code, String file) {
    server.enqueue(xml(code, recorded(file)));
  }

  /** Queues an answer with an empty body. */
  void answerEmpty(int code) {
    server.enqueue(new MockResponse.Builder().code(code).build());
  }

  static MockResponse xml(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/xml")
        .addHeader("Server", "MinIO")
        .body(body)
        .build();
  }

  /** The next request the SDK sent; fails if none came within five seconds. */
  RecordedRequest next() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("the client sent no request within 5 s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String recorded(String file) {
    try (InputStream in = MinioExchange.class.getResourceAsStream("/minio/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no recorded exchange minio/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
