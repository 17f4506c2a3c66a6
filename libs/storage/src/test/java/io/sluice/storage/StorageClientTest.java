package io.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the store's answers and silences reach a caller: typed, clear, and within the timeouts. */
class StorageClientTest {

  private final MinioExchange minio = new MinioExchange();
  private final StorageClient client = minio.client();

  @AfterEach
  void stop() {
    client.close();
    minio.close();
  }

  @Test
  void missingObjectIsNotFound() {
    minio
        .server()
        .enqueue(MinioExchange.xml(404, error("NoSuchKey", "The specified key does not exist.")));

    assertThatThrownBy(() -> client.open("artifacts", "runs/r1/model.onnx"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessage(
            "GET s3://artifacts/runs/r1/model.onnx failed: NoSuchKey: The specified key does not exist.");
  }

  @Test
  void refusedCredentialsAreAccessDeniedAndNamesTheSettings() {
    minio
        .server()
        .enqueue(
            MinioExchange.xml(
                403,
                error(
                    "InvalidAccessKeyId",
                    "The Access Key Id you provided does not exist in our records.")));

    assertThatThrownBy(() -> client.put("datasets", "a.csv", new byte[] {1}))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("InvalidAccessKeyId")
        .hasMessageContaining("sluice.s3.access-key");
  }

  @Test
  void serverErrorsAreRetriedThenReportedAsUnavailable() {
    for (int i = 0; i < 5; i++) {
      minio
          .server()
          .enqueue(MinioExchange.xml(503, error("SlowDown", "Please reduce your request rate.")));
    }

    assertThatThrownBy(() -> client.list("datasets", "iris/"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("SlowDown");
    assertThat(minio.server().getRequestCount()).isEqualTo(5);
  }

  @Test
  void answerThatIsNotS3IsUnavailableAndPointsAtTheEndpoint() {
    // Some other web server at the configured endpoint.
    minio
        .server()
        .enqueue(
            new MockResponse.Builder()
                .code(404)
                .addHeader("Content-Type", "text/html")
                .body("<html>Not Found</html>")
                .build());

    assertThatThrownBy(() -> client.list("datasets", "iris/"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("the answer is not S3 (check sluice.s3.endpoint)");
  }

  @Test
  void listingFollowsContinuationTokensStopsAtTheLimitAndUnquotesETags() {
    Instant written = Instant.parse("2026-11-22T10:00:00Z");
    minio.server().enqueue(MinioExchange.xml(200, listing("iris/a.csv", "t1")));
    minio.server().enqueue(MinioExchange.xml(200, listing("iris/b.csv", null)));

    List<StoredObject> all = client.list("datasets", "iris/");

    assertThat(all)
        .containsExactly(
            new StoredObject("iris/a.csv", 7, "d41d8cd98f00b204e9800998ecf8427e", written),
            new StoredObject("iris/b.csv", 7, "d41d8cd98f00b204e9800998ecf8427e", written));
    assertThat(minio.next().getUrl().queryParameter("prefix")).isEqualTo("iris/");
    assertThat(minio.next().getUrl().queryParameter("continuation-token")).isEqualTo("t1");
  }

  @Test
  void openedObjectStreamsItsBytesWithTheAnnouncedSize() throws Exception {
    minio.server().enqueue(new MockResponse.Builder().code(200).body("a,b\n1,2\n").build());

    try (ObjectContent content = client.open("datasets", "iris/a.csv")) {
      assertThat(content.size()).isEqualTo(8);
      assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("a,b\n1,2\n");
    }
  }

  @Test
  void existingBucketIsNotCreatedAgain() {
    minio
        .server()
        .enqueue(
            MinioExchange.xml(
                409,
                error(
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.")));
    minio.answerEmpty(200);

    assertThat(client.createBucketIfMissing("datasets")).isFalse();
    assertThat(client.createBucketIfMissing("artifacts")).isTrue();
  }

  @Test
  void closedPortIsUnavailableAtOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StorageSettings nowhere =
        StorageSettings.of(URI.create("http://127.0.0.1:" + port), "us-east-1", "a", "b");

    try (StorageClient unreachable = StorageClient.create(nowhere)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> unreachable.list("datasets", ""))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("unreachable");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void silentStoreTimesOutWithinTheSocketTimeout() throws Exception {
    // The kernel accepts the connection into the backlog; nothing ever answers.
    try (ServerSocket silent = new ServerSocket(0)) {
      StorageSettings settings =
          StorageSettings.of(
                  URI.create("http://127.0.0.1:" + silent.getLocalPort()), "us-east-1", "a", "b")
              .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(3));
      try (StorageClient client = StorageClient.create(settings)) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.bucketExists("datasets"))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      }
    }
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><RequestId>187D3A7E4A1C2F02</RequestId></Error>";
  }

  private static String listing(String key, String nextToken) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Name>datasets</Name><Prefix>iris/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>"
        + "<IsTruncated>"
        + (nextToken != null)
        + "</IsTruncated>"
        + (nextToken == null
            ? ""
            : "<NextContinuationToken>" + nextToken + "</NextContinuationToken>")
        + "<Contents><Key>"
        + key
        + "</Key><LastModified>2026-11-22T10:00:00.000Z</LastModified>"
        + "<ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>7</Size>"
        + "<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>";
  }
}
