package io.sluice.ingest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * MinIO's bucket notification API as far as ingest uses it: GET {@code ?notification} answers the
 * stored configuration, PUT stores it when every queue ARN in it is a target MinIO knows, and
 * answers MinIO's {@code InvalidArgument} ARN error when not.
 */
final class MinioNotificationApi extends Dispatcher implements AutoCloseable {

  private static final String EMPTY = "<NotificationConfiguration></NotificationConfiguration>";

  /** {@code POST /_test/targets?arn=...} configures a target, like {@link #addTarget}. */
  static final String TARGETS_PATH = "/_test/targets";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, String> configurations = new ConcurrentHashMap<>();
  private final Set<String> targets = ConcurrentHashMap.newKeySet();

  MinioNotificationApi() {
    server.setDispatcher(this);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI endpoint() {
    return URI.create(server.url("/").toString());
  }

  /** Configures a notification target, as {@code mc admin config set} would. */
  void addTarget(String arn) {
    targets.add(arn);
  }

  String configuration(String bucket) {
    return configurations.getOrDefault(bucket, EMPTY);
  }

  int requests() {
    return server.getRequestCount();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (request.getUrl().encodedPath().equals(TARGETS_PATH) && request.getMethod().equals("POST")) {
      // A test in another class loader (a Quarkus test) configures targets over HTTP.
      addTarget(request.getUrl().queryParameter("arn"));
      return new MockResponse.Builder().code(204).build();
    }
    String bucket = request.getUrl().pathSegments().get(0);
    if (request.getUrl().queryParameter("notification") == null) {
      return xml(501, error("NotImplemented", "only ?notification is served here", bucket));
    }
    if (request.getMethod().equals("GET")) {
      return xml(200, configuration(bucket));
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (targets.stream().noneMatch(arn -> body.contains("<Queue>" + arn + "</Queue>"))) {
      return xml(
          400,
          error(
              "InvalidArgument",
              "A specified destination ARN does not exist or is not well-formed."
                  + " Verify the destination ARN.",
              bucket));
    }
    configurations.put(bucket, body);
    return new MockResponse.Builder().code(200).build();
  }

  private static MockResponse xml(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/xml")
        .body(body)
        .build();
  }

  private static String error(String code, String message, String bucket) {
    return "<Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><BucketName>"
        + bucket
        + "</BucketName><Resource>/"
        + bucket
        + "</Resource></Error>";
  }

  @Override
  public void close() {
    server.close();
  }
}
