package io.sluice.cli.provision;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 with nothing but the JDK (SHA-256 and HMAC-SHA256), enough for the few
 * path-style S3 requests local mode makes. The request path must already be URI-encoded; S3 signs
 * it as sent, without normalising it.
 */
public final class SigV4Signer {

  /** The SHA-256 of an empty payload. */
  public static final String EMPTY_PAYLOAD_SHA256 = sha256Hex(new byte[0]);

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  public SigV4Signer(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  /**
   * Signs a request.
   *
   * @param headers the headers to sign besides {@code host} (which is taken from {@code uri}), e.g.
   *     {@code x-amz-content-sha256}
   * @return the headers to send: {@code headers} plus {@code x-amz-date} and {@code Authorization}
   *     ({@code Host} is set by the HTTP client from the same URI)
   */
  public Map<String, String> sign(
      String method, URI uri, Map<String, String> headers, String payloadSha256, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
    signed.put("host", hostHeader(uri));
    signed.put("x-amz-date", amzDate);
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest =
        String.join(
            "\n",
            method,
            canonicalPath(uri),
            canonicalQuery(uri),
            signed.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining()),
            signedHeaders,
            payloadSha256);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        String.join(
            "\n",
            ALGORITHM,
            amzDate,
            scope,
            sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    String signature = HexFormat.of().formatHex(hmac(signingKey(date), stringToSign));
    Map<String, String> result = new LinkedHashMap<>(headers);
    result.put("x-amz-date", amzDate);
    result.put(
        "Authorization",
        ALGORITHM
            + " Credential="
            + accessKey
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return result;
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private byte[] signingKey(String date) {
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    return hmac(key, "aws4_request");
  }

  private static String hostHeader(URI uri) {
    boolean defaultPort =
        uri.getPort() == -1
            || (uri.getScheme().equals("http") && uri.getPort() == 80)
            || (uri.getScheme().equals("https") && uri.getPort() == 443);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String canonicalPath(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  private static String canonicalQuery(URI uri) {
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return "";
    }
    return Arrays.stream(query.split("&"))
        .map(pair -> pair.contains("=") ? pair : pair + "=")
        .sorted()
        .collect(Collectors.joining("&"));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
