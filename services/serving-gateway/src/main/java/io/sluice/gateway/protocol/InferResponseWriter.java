package io.sluice.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.sluice.gateway.inference.OutputTensor;
import io.sluice.gateway.inference.Prediction;
import io.sluice.gateway.inference.ServedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a V2 inference response with Jackson's streaming generator, straight from the arrays. The
 * protocol's keys and fixed values are encoded once ({@link SerializedString}): writing a {@code
 * String} key copied it character by character on every response. Numbers use Jackson's fast
 * (Schubfach) writer: the JDK's {@code Float.toString} was the largest part of writing a
 * classifier's response.
 */
public final class InferResponseWriter {

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  private static final SerializedString MODEL_NAME = new SerializedString("model_name");
  private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString OUTPUTS = new SerializedString("outputs");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString DATATYPE = new SerializedString("datatype");
  private static final SerializedString SHAPE = new SerializedString("shape");
  private static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString PARAMETERS = new SerializedString("parameters");
  private static final SerializedString CLASS_NAMES = new SerializedString("class_names");

  private InferResponseWriter() {}

  /**
   * The response body.
   *
   * @param modelName the model as addressed
   * @param version the version that answered
   * @param id the request id to echo
   * @param outputs which outputs to write, in order
   * @param classNames the classes in the order of the probability columns, returned as the {@code
   *     class_names} parameter of the {@code probabilities} output
   */
  public static byte[] write(
      String modelName,
      int version,
      String id,
      List<String> outputs,
      List<String> classNames,
      Prediction prediction) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + prediction.rows() * 48);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      writeStart(json, modelName, version, id);
      for (String output : outputs) {
        if (ServedModel.LABEL.equals(output)) {
          writeLabels(json, prediction);
        } else {
          writeProbabilities(json, prediction, classNames);
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The response body of a model with its own outputs, each with its datatype and shape.
   *
   * @param modelName the model as addressed
   * @param version the version that answered
   * @param id the request id to echo
   * @param outputs the outputs in the order to write
   */
  public static byte[] write(String modelName, int version, String id, List<OutputTensor> outputs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      writeStart(json, modelName, version, id);
      for (OutputTensor output : outputs) {
        writeHeader(json, output.name(), output.datatype().name());
        for (long dimension : output.shape()) {
          json.writeNumber(dimension);
        }
        json.writeEndArray();
        json.writeFieldName(DATA);
        writeData(json, output.data());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeData(JsonGenerator json, Object data) throws IOException {
    if (data instanceof float[] values) {
      json.writeStartArray();
      for (float value : values) {
        json.writeNumber(value);
      }
      json.writeEndArray();
    } else if (data instanceof double[] values) {
      json.writeArray(values, 0, values.length);
    } else if (data instanceof int[] values) {
      json.writeArray(values, 0, values.length);
    } else if (data instanceof long[] values) {
      json.writeArray(values, 0, values.length);
    } else if (data instanceof boolean[] values) {
      json.writeStartArray();
      for (boolean value : values) {
        json.writeBoolean(value);
      }
      json.writeEndArray();
    } else if (data instanceof String[] values) {
      json.writeArray(values, 0, values.length);
    } else {
      throw new IllegalArgumentException("not V2 tensor data: " + data.getClass());
    }
  }

  private static void writeLabels(JsonGenerator json, Prediction prediction) throws IOException {
    writeHeader(json, ServedModel.LABEL, "BYTES");
    json.writeNumber(prediction.rows());
    json.writeEndArray();
    json.writeFieldName(DATA);
    json.writeStartArray();
    for (String label : prediction.labels()) {
      json.writeString(label);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeProbabilities(
      JsonGenerator json, Prediction prediction, List<String> classNames) throws IOException {
    writeHeader(json, ServedModel.PROBABILITIES, "FP32");
    json.writeNumber(prediction.rows());
    json.writeNumber(prediction.classes());
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
    float[] values = prediction.probabilities();
    for (int i = 0; i < prediction.rows() * prediction.classes(); i++) {
      json.writeNumber(values[i]);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  // Leaves the "outputs" array open for the caller's outputs.
  private static void writeStart(JsonGenerator json, String modelName, int version, String id)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName(MODEL_NAME);
    json.writeString(modelName);
    json.writeFieldName(MODEL_VERSION);
    json.writeString(Integer.toString(version));
    json.writeFieldName(ID);
    json.writeString(id);
    json.writeFieldName(OUTPUTS);
    json.writeStartArray();
  }

  // Leaves the "shape" array open for the caller's dimensions.
  private static void writeHeader(JsonGenerator json, String name, String datatype)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName(NAME);
    json.writeString(name);
    json.writeFieldName(DATATYPE);
    json.writeString(datatype);
    json.writeFieldName(SHAPE);
    json.writeStartArray();
  }
}
