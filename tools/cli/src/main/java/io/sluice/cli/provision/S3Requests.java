package io.sluice.cli.provision;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Signed, path-style S3 requests over the JDK HTTP client. */
public final class S3Requests {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String endpoint;
  private final SigV4Signer signer;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public S3Requests(String endpoint, String accessKey, String secretKey, String region) {
    this.endpoint =
        endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.signer = new SigV4Signer(accessKey, secretKey, region, "s3");
  }

  /**
   * Sends {@code method} to {@code /<bucket>[/<key>]} with {@code body}.
   *
   * @param key the object key, or {@code null} for a request on the bucket itself
   */
  public HttpResponse<String> send(String method, String bucket, String key, byte[] body)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(endpoint + "/" + encode(bucket) + (key == null ? "" : "/" + encodePath(key)));
    String payloadHash = SigV4Signer.sha256Hex(body);
    Map<String, String> headers =
        signer.sign(
            method, uri, Map.of("x-amz-content-sha256", payloadHash), payloadHash, Instant.now());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String encodePath(String key) {
    return Arrays.stream(key.split("/", -1))
        .map(S3Requests::encode)
        .collect(Collectors.joining("/"));
  }

  /** RFC 3986 unreserved characters stay, everything else is percent-encoded, as S3 signs it. */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }
}
