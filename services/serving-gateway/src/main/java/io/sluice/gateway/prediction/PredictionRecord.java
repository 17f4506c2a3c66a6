package io.sluice.gateway.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The data of one {@code io.sluice.prediction.logged.v1} event: the request and the answer as they
 * went over the wire (both already valid JSON, so they are copied in without being parsed), or,
 * redacted, the request's SHA-256 only.
 */
final class PredictionRecord {

  private static final JsonFactory JSON = new JsonFactory();

  private PredictionRecord() {}

  static byte[] write(
      String model,
      int version,
      String requestId,
      double latencyMillis,
      Instant at,
      byte[] request,
      byte[] response,
      boolean redact,
      int maxBodyBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.length + response.length);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("modelName", model);
      json.writeNumberField("version", version);
      json.writeStringField("requestId", requestId);
      json.writeNumberField("latencyMillis", latencyMillis);
      json.writeStringField("time", at.toString());
      if (redact) {
        json.writeStringField("requestSha256", sha256(request));
      } else {
        body(json, "request", request, maxBodyBytes);
      }
      body(json, "response", response, maxBodyBytes);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void body(JsonGenerator json, String field, byte[] body, int max)
      throws IOException {
    if (body.length > max) {
      json.writeNumberField(field + "OmittedBytes", body.length);
      return;
    }
    json.writeFieldName(field);
    json.writeRawValue(new String(body, StandardCharsets.UTF_8));
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
