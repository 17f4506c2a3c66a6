package io.sluice.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a V2 inference request with Jackson's streaming parser: no JSON tree, one float array per
 * input, and a cap on how many values it accepts, so an oversized or hostile body costs no more
 * memory than the largest batch allowed. {@code NaN} and {@code Infinity} literals are read so that
 * they can be refused with a clear message rather than as a syntax error.
 */
public final class InferRequestParser {

  // Duplicate keys are refused ("last one wins" would let two readers of one body disagree), by
  // SeenKeys rather than Jackson's STRICT_DUPLICATE_DETECTION: its set of names per object cost
  // the inference route about 2% of its time, for objects whose keys are a known handful. Numbers
  // go through Jackson's fast parser: the JDK's Double.parseDouble was the largest
  // part of reading the Iris model's body.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();
  private static final List<String> REQUEST_KEYS = List.of("id", "parameters", "inputs", "outputs");
  private static final List<String> INPUT_KEYS =
      List.of("name", "shape", "datatype", "parameters", "data");
  private static final List<String> OUTPUT_KEYS = List.of("name", "parameters");
  private static final int MAX_INPUTS = 16;
  private static final int MAX_OUTPUTS = 16;
  private static final int MAX_RANK = 8;
  private static final int MAX_NESTING = 8;
  private static final int MAX_ID_LENGTH = 256;

  private final int maxValues;

  /**
   * @param maxValues the most values one input may hold (the largest batch times features)
   */
  public InferRequestParser(int maxValues) {
    this.maxValues = maxValues;
  }

  /**
   * Parses a request body.
   *
   * @throws V2Exception (400) when it is not a well-formed V2 request within the limits
   */
  public InferRequest parse(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT, "the request must be a JSON object");
      InferRequest request = readRequest(parser);
      expect(parser.nextToken() == null, "the request holds more than one JSON value");
      return request;
    } catch (JsonProcessingException e) {
      throw V2Exception.badRequest("the request is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw V2Exception.badRequest("the request cannot be read: " + e.getMessage());
    }
  }

  private InferRequest readRequest(JsonParser parser) throws IOException {
    String id = null;
    List<InputTensor> inputs = null;
    List<String> outputs = List.of();
    SeenKeys keys = new SeenKeys(REQUEST_KEYS);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = keys.add(parser.currentName());
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = readId(parser, value);
        case "inputs" -> inputs = readInputs(parser, value);
        case "outputs" -> outputs = readOutputs(parser, value);
        case "parameters" -> skipParameters(parser, value, "the request's");
        default -> throw unknownField(field, "the request", REQUEST_KEYS);
      }
    }
    expect(inputs != null, "the request has no 'inputs'");
    return new InferRequest(id, inputs, outputs);
  }

  private static String readId(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.VALUE_STRING, "'id' must be a string");
    String id = parser.getText();
    expect(id.length() <= MAX_ID_LENGTH, "'id' is longer than " + MAX_ID_LENGTH + " characters");
    return id;
  }

  private List<InputTensor> readInputs(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY, "'inputs' must be an array");
    List<InputTensor> inputs = new ArrayList<>(1);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(inputs.size() < MAX_INPUTS, "more than " + MAX_INPUTS + " inputs");
      expect(parser.currentToken() == JsonToken.START_OBJECT, "each input must be an object");
      inputs.add(readInput(parser));
    }
    return inputs;
  }

  private InputTensor readInput(JsonParser parser) throws IOException {
    String name = null;
    String datatype = null;
    List<Long> shape = null;
    TensorValues data = null;
    SeenKeys keys = new SeenKeys(INPUT_KEYS);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = keys.add(parser.currentName());
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = text(parser, value, "input 'name'");
        case "datatype" -> datatype = text(parser, value, "input 'datatype'");
        case "shape" -> shape = readShape(parser, value);
        case "data" -> data = readData(parser, value);
        case "parameters" -> skipParameters(parser, value, "an input's");
        default -> throw unknownField(field, "an input", INPUT_KEYS);
      }
    }
    expect(name != null, "an input has no 'name'");
    present(datatype, name, "datatype");
    present(shape, name, "shape");
    present(data, name, "data");
    return new InputTensor(name, datatype, shape, data);
  }

  // The message is built only for a refusal: this runs three times for every input scored.
  private static void present(Object value, String input, String field) {
    if (value == null) {
      throw V2Exception.badRequest("input '" + input + "' has no '" + field + "'");
    }
  }

  private static List<Long> readShape(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY, "'shape' must be an array of sizes");
    List<Long> shape = new ArrayList<>(2);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(shape.size() < MAX_RANK, "'shape' has more than " + MAX_RANK + " dimensions");
      expect(
          parser.currentToken() == JsonToken.VALUE_NUMBER_INT
              && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
              && parser.getLongValue() >= 0,
          "'shape' must hold non-negative integers");
      shape.add(parser.getLongValue());
    }
    return shape;
  }

  private TensorValues readData(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY, "'data' must be an array");
    TensorValues data = new TensorValues(maxValues);
    readNested(parser, data, 1);
    return data;
  }

  private static void readNested(JsonParser parser, TensorValues data, int depth)
      throws IOException {
    expect(depth <= MAX_NESTING, "'data' is nested deeper than " + MAX_NESTING + " levels");
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == JsonToken.START_ARRAY) {
        readNested(parser, data, depth + 1);
      } else if (token == JsonToken.VALUE_NUMBER_INT && fitsLong(parser)) {
        data.addInteger(parser.getLongValue());
      } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        data.addNumber(parser.getDoubleValue(), token == JsonToken.VALUE_NUMBER_INT);
      } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        data.addBoolean(token == JsonToken.VALUE_TRUE);
      } else {
        throw V2Exception.badRequest(
            "'data' must hold numbers or booleans, found " + describe(token));
      }
      expect(!(data.hasNumbers() && data.hasBooleans()), "'data' mixes numbers and booleans");
    }
  }

  /** An integer within the long range: INT64 takes it exactly, beyond ±2^53 too. */
  private static boolean fitsLong(JsonParser parser) throws IOException {
    return parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
  }

  private List<String> readOutputs(JsonParser parser, JsonToken value) throws IOException {
    expect(value == JsonToken.START_ARRAY, "'outputs' must be an array");
    List<String> outputs = new ArrayList<>(2);
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      expect(outputs.size() < MAX_OUTPUTS, "more than " + MAX_OUTPUTS + " outputs");
      expect(parser.currentToken() == JsonToken.START_OBJECT, "each output must be an object");
      String name = null;
      SeenKeys keys = new SeenKeys(OUTPUT_KEYS);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = keys.add(parser.currentName());
        JsonToken fieldValue = parser.nextToken();
        switch (field) {
          case "name" -> name = text(parser, fieldValue, "output 'name'");
          case "parameters" -> skipParameters(parser, fieldValue, "an output's");
          default -> throw unknownField(field, "an output", OUTPUT_KEYS);
        }
      }
      expect(name != null, "an output has no 'name'");
      outputs.add(name);
    }
    return outputs;
  }

  /** Sluice reads no parameters, but they must have the protocol's shape: an object (or null). */
  private static void skipParameters(JsonParser parser, JsonToken value, String whose)
      throws IOException {
    expect(
        value == JsonToken.START_OBJECT || value == JsonToken.VALUE_NULL,
        whose + " 'parameters' must be an object, found " + describe(value));
    if (value == JsonToken.START_OBJECT) {
      skipObject(parser);
    }
  }

  // Parameters are rare and free-form: a set of names per object, as Jackson's own check keeps.
  private static void skipObject(JsonParser parser) throws IOException {
    Set<String> names = new HashSet<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (!names.add(name)) {
        throw duplicate(name);
      }
      skipValue(parser, parser.nextToken());
    }
  }

  private static void skipValue(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_OBJECT) {
      skipObject(parser);
    } else if (value == JsonToken.START_ARRAY) {
      for (JsonToken item = parser.nextToken();
          item != JsonToken.END_ARRAY;
          item = parser.nextToken()) {
        skipValue(parser, item);
      }
    }
  }

  private static V2Exception duplicate(String key) {
    return V2Exception.badRequest("Duplicate field '" + shown(key) + "'");
  }

  /**
   * The keys one object of the protocol has read so far. Its keys are a handful, known in advance:
   * one bit each, no set of names. An unknown key passes here, for the caller's clearer refusal.
   */
  private static final class SeenKeys {
    private final List<String> known;
    private int seen;

    SeenKeys(List<String> known) {
      this.known = known;
    }

    /** {@code key}, once it is sure not to repeat one read before. */
    String add(String key) {
      int index = known.indexOf(key);
      if (index >= 0) {
        if ((seen & (1 << index)) != 0) {
          throw duplicate(key);
        }
        seen |= 1 << index;
      }
      return key;
    }
  }

  /** A typo ({@code "ouputs"}) must not silently change the answer. */
  private static V2Exception unknownField(String field, String where, List<String> known) {
    return V2Exception.badRequest(
        "unknown field '"
            + shown(field)
            + "' in "
            + where
            + " (known: "
            + String.join(", ", known)
            + ")");
  }

  /** A key as an error message may quote it: short, without control characters. */
  private static String shown(String key) {
    String shortened = key.length() > 64 ? key.substring(0, 64) + "..." : key;
    return shortened.replaceAll("\\p{Cntrl}", "?");
  }

  private static String text(JsonParser parser, JsonToken value, String what) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw V2Exception.badRequest(what + " must be a string");
    }
    String text = parser.getText();
    if (text.length() > MAX_ID_LENGTH) {
      throw V2Exception.badRequest(what + " is too long");
    }
    return text;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      default -> token.toString();
    };
  }

  private static void expect(boolean condition, String message) {
    if (!condition) {
      throw V2Exception.badRequest(message);
    }
  }
}
