package io.sluice.bench.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The bare minimum of the V2 inference protocol, with Jackson's streaming parser and generator as
 * the gateway uses them: it reads the first input's {@code shape} and {@code data} (and the request
 * {@code id}) and skips everything else; it writes {@code label} and {@code probabilities} outputs.
 * No validation beyond what reading needs: this is the baseline, not a server to expose.
 */
final class V2Json {

  // The gateway's settings: fast number parsing and writing, keys encoded once.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
  private static final SerializedString MODEL_NAME = new SerializedString("model_name");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString OUTPUTS = new SerializedString("outputs");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString DATATYPE = new SerializedString("datatype");
  private static final SerializedString SHAPE = new SerializedString("shape");
  private static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString PARAMETERS = new SerializedString("parameters");
  private static final SerializedString CLASS_NAMES = new SerializedString("class_names");

  private V2Json() {}

  /**
   * A request's first input.
   *
   * @param id the request id, null when it sent none
   * @param shape {@code [rows, features]}
   */
  record Request(String id, long[] shape, float[] data) {

    int rows() {
      return (int) shape[0];
    }

    int features() {
      return (int) shape[1];
    }
  }

  static Request readRequest(byte[] body) throws IOException {
    String id = null;
    Request input = null;
    try (JsonParser parser = JSON.createParser(body)) {
      require(parser.nextToken() == JsonToken.START_OBJECT, "the request must be a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("id".equals(field)) {
          id = parser.getText();
        } else if ("inputs".equals(field) && input == null) {
          input = readFirstInput(parser);
        } else {
          parser.skipChildren();
        }
      }
    }
    require(input != null, "the request has no inputs");
    return new Request(id, input.shape(), input.data());
  }

  // The parser stands on the inputs array's START_ARRAY; leaves it on its END_ARRAY.
  private static Request readFirstInput(JsonParser parser) throws IOException {
    require(parser.nextToken() == JsonToken.START_OBJECT, "'inputs' must hold objects");
    long[] shape = null;
    float[] data = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "shape" -> shape = readLongs(parser);
        case "data" -> data = readFloats(parser);
        default -> parser.skipChildren();
      }
    }
    require(shape != null && shape.length == 2, "the first input needs a shape [rows, features]");
    require(data != null && data.length == shape[0] * shape[1], "'data' does not fit the shape");
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      parser.skipChildren();
    }
    return new Request(null, shape, data);
  }

  private static long[] readLongs(JsonParser parser) throws IOException {
    long[] values = new long[2];
    int count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values = count == values.length ? Arrays.copyOf(values, count * 2) : values;
      values[count++] = parser.getLongValue();
    }
    return Arrays.copyOf(values, count);
  }

  // Flat data only: the bench sends one row as a flat array, as the gateway's clients do.
  private static float[] readFloats(JsonParser parser) throws IOException {
    float[] values = new float[16];
    int count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values = count == values.length ? Arrays.copyOf(values, count * 2) : values;
      values[count++] = (float) parser.getDoubleValue();
    }
    return Arrays.copyOf(values, count);
  }

  /** The response: the model's name, the request id, the label and probabilities outputs. */
  static byte[] writeResponse(
      String modelName, String id, List<String> classNames, OnnxScorer.Scores scores)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + scores.rows() * 48);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeFieldName(MODEL_NAME);
      json.writeString(modelName);
      json.writeFieldName(ID);
      json.writeString(id);
      json.writeFieldName(OUTPUTS);
      json.writeStartArray();
      writeLabels(json, scores);
      writeProbabilities(json, classNames, scores);
      json.writeEndArray();
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /** An error body, {@code {"error": message}}, as V2 servers answer. */
  static byte[] writeError(String message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  private static void writeLabels(JsonGenerator json, OnnxScorer.Scores scores) throws IOException {
    writeHeader(json, "label", "BYTES", scores.rows());
    json.writeEndArray();
    json.writeFieldName(DATA);
    json.writeStartArray();
    for (String label : scores.labels()) {
      json.writeString(label);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeProbabilities(
      JsonGenerator json, List<String> classNames, OnnxScorer.Scores scores) throws IOException {
    writeHeader(json, "probabilities", "FP32", scores.rows());
    json.writeNumber(scores.classes());
    json.writeEndArray();
    json.writeFieldName(PARAMETERS);
    json.writeStartObject();
    json.writeFieldName(CLASS_NAMES);
    json.writeStartArray();
    for (String className : classNames) {
      json.writeString(className);
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeFieldName(DATA);
    json.writeStartArray();
    for (float value : scores.probabilities()) {
      json.writeNumber(value);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  // Leaves the "shape" array open after its first dimension.
  private static void writeHeader(JsonGenerator json, String name, String datatype, int rows)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName(NAME);
    json.writeString(name);
    json.writeFieldName(DATATYPE);
    json.writeString(datatype);
    json.writeFieldName(SHAPE);
    json.writeStartArray();
    json.writeNumber(rows);
  }

  private static void require(boolean condition, String message) throws IOException {
    if (!condition) {
      throw new BadRequestException(message);
    }
  }

  /** A body the bare server cannot read; answered with 400. */
  static final class BadRequestException extends IOException {
    BadRequestException(String message) {
      super(message);
    }
  }
}
