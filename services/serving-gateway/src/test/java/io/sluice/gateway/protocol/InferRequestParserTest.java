package io.sluice.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InferRequestParserTest {

  private final InferRequestParser parser = new InferRequestParser(8);

  private InferRequest parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRefused(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(V2Exception.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void readsFlatDataWithIdAndRequestedOutputs() {
    InferRequest request =
        parse(
            """
            {"id":"r1","parameters":{"x":[1,{"y":2}]},
             "inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0]}],
             "outputs":[{"name":"label","parameters":{}}]}""");

    assertThat(request.id()).isEqualTo("r1");
    assertThat(request.outputs()).containsExactly("label");
    InputTensor input = request.inputs().get(0);
    assertThat(input.name()).isEqualTo("features");
    assertThat(input.datatype()).isEqualTo("FP32");
    assertThat(input.shape()).containsExactly(1L, 4L);
    assertThat(input.count()).isEqualTo(4);
    assertThat(values(input)).containsExactly(5.1, 3.5, 1.4, 0.0);
    assertThat(input.values().hasBooleans()).isFalse();
  }

  @Test
  void flattensNestedDataRowMajor() {
    InputTensor input =
        parse(
                """
                {"inputs":[{"data":[[1,2],[3,4]],"name":"f","datatype":"FP32","shape":[2,2]}]}""")
            .inputs()
            .get(0);

    assertThat(values(input)).containsExactly(1.0, 2.0, 3.0, 4.0);
  }

  // The datatype's own check (FeatureBatch, TensorBatch) refuses them, naming the input.
  @Test
  void keepsNanInfinityAndHugeValuesForTheDatatypeCheck() {
    assertThat(values(data("[1, NaN, 2]"))[1]).isNaN();
    assertThat(values(data("[1, 2, -Infinity]"))[2]).isInfinite();
    assertThat(values(data("[1e39]"))[0]).isEqualTo(1e39);
  }

  @Test
  void readsBooleansAsOnesAndZeros() {
    InputTensor input = data("[[true, false], [false, true]]");

    assertThat(values(input)).containsExactly(1.0, 0.0, 0.0, 1.0);
    assertThat(input.values().hasBooleans()).isTrue();
    assertThat(input.values().hasNumbers()).isFalse();
  }

  @Test
  void marksTheFirstIntegerBeyondTheLongRangeAndKeepsTheOthersExactly() {
    assertThat(data("[1, 9007199254740992, 9007199254740993]").values().firstInexactInteger())
        .isEqualTo(-1);
    assertThat(data("[1, 9007199254740993]").values().getLong(1)).isEqualTo(9007199254740993L);
    assertThat(data("[-9007199254740993]").values().getLong(0)).isEqualTo(-9007199254740993L);
    assertThat(data("[1, 99999999999999999999999]").values().firstInexactInteger()).isEqualTo(1);
    assertThat(data("[1.5, 1e300]").values().firstInexactInteger()).isEqualTo(-1);
  }

  private InputTensor data(String data) {
    return parse(
            "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":"
                + data
                + "}]}")
        .inputs()
        .get(0);
  }

  private static double[] values(InputTensor input) {
    double[] values = new double[input.count()];
    for (int i = 0; i < values.length; i++) {
      values[i] = input.values().get(i);
    }
    return values;
  }

  @Test
  void refusesBodiesThatAreNotJson() {
    assertRefused("{\"inputs\": [", "not valid JSON");
    assertRefused("", "must be a JSON object");
    assertRefused("[1,2]", "must be a JSON object");
    assertRefused("{\"inputs\":[]} {}", "more than one JSON value");
  }

  @Test
  void refusesNonNumericData() {
    assertRefused(input("[1, \"2\"]"), "found a string");
    assertRefused(input("[1, null]"), "found null");
    assertRefused(input("[1, true]"), "mixes numbers and booleans");
    assertRefused(input("[[false], [2]]"), "mixes numbers and booleans");
    assertRefused(input("[{\"a\":1}]"), "found an object");
  }

  @Test
  void refusesMoreValuesThanTheLargestBatch() {
    assertRefused(input("[1,2,3,4,5,6,7,8,9]"), "too large");
  }

  @Test
  void refusesHostileNesting() {
    assertRefused(input("[[[[[[[[[[1]]]]]]]]]]"), "nested deeper");
  }

  @Test
  void refusesMalformedFields() {
    assertRefused("{}", "no 'inputs'");
    assertRefused("{\"id\":7,\"inputs\":[]}", "'id' must be a string");
    assertRefused("{\"id\":\"" + "x".repeat(300) + "\",\"inputs\":[]}", "longer than");
    assertRefused("{\"inputs\":{}}", "'inputs' must be an array");
    assertRefused("{\"inputs\":[{\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}", "no 'name'");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"data\":[1]}]}", "no 'shape'");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"shape\":[-1]," + "\"data\":[1]}]}",
        "non-negative integers");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"shape\":[1.5]," + "\"data\":[1]}]}",
        "non-negative integers");
  }

  @Test
  void refusesParametersThatAreNotAnObject() {
    String inputs =
        "\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]";
    assertRefused("{\"parameters\":[1]," + inputs + "}", "the request's 'parameters' must be");
    assertRefused("{\"parameters\":\"x\"," + inputs + "}", "found a string");
    assertRefused("{\"parameters\":7," + inputs + "}", "found a number");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\",\"parameters\":true,\"datatype\":\"FP32\"}]}",
        "an input's 'parameters' must be an object");
    assertRefused(
        "{" + inputs + ",\"outputs\":[{\"name\":\"label\",\"parameters\":[]}]}",
        "an output's 'parameters' must be an object");
    assertThat(parse("{\"parameters\":null," + inputs + "}").inputs()).hasSize(1);
  }

  @Test
  void namesTheFirstMissingFieldOfAnInput() {
    String shape = "\"shape\":[1],";
    String datatype = "\"datatype\":\"FP32\",";
    assertRefused("{\"inputs\":[{\"shape\":[1],\"data\":[1]}]}", "an input has no 'name'");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\"," + shape + "\"data\":[1]}]}", "input 'f' has no 'datatype'");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\"," + datatype + "\"data\":[1]}]}", "input 'f' has no 'shape'");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\"," + datatype + "\"shape\":[1]}]}", "input 'f' has no 'data'");
  }

  @Test
  void refusesANameOrDatatypeOverTheLengthLimit() {
    String longName = "n".repeat(257);
    assertRefused(
        "{\"inputs\":[{\"name\":\"" + longName + "\",\"datatype\":\"FP32\"}]}",
        "input 'name' is too long");
    assertRefused(
        "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"" + longName + "\"}]}",
        "input 'datatype' is too long");
    assertThat(
            parse(
                    "{\"inputs\":[{\"name\":\""
                        + "n".repeat(256)
                        + "\",\"datatype\":\"FP32\","
                        + "\"shape\":[1],\"data\":[1]}]}")
                .inputs()
                .get(0)
                .name())
        .hasSize(256);
  }

  @Test
  void refusesWrongTypesOfEveryField() {
    assertRefused("{\"inputs\":[[1]]}", "each input must be an object");
    assertRefused("{\"inputs\":[{\"name\":7}]}", "input 'name' must be a string");
    assertRefused("{\"inputs\":[{\"name\":\"f\",\"datatype\":[\"FP32\"]}]}", "'datatype'");
    assertRefused("{\"inputs\":[{\"name\":\"f\",\"shape\":\"1,4\"}]}", "'shape' must be");
    assertRefused("{\"inputs\":[{\"name\":\"f\",\"data\":{\"a\":1}}]}", "'data' must be");
    assertRefused("{\"inputs\":[],\"outputs\":{}}", "'outputs' must be an array");
    assertRefused("{\"inputs\":[],\"outputs\":[\"label\"]}", "each output must be");
  }

  @Test
  void refusesUnknownFieldsNamingThem() {
    assertRefused(
        input("[1,2,3,4]").replace("{\"inputs\"", "{\"ouputs\":[],\"inputs\""),
        "unknown field 'ouputs' in the request");
    assertRefused(input("[1,2,3,4]").replace("\"data\"", "\"dtype\":1,\"data\""), "'dtype'");
    assertRefused(
        input("[1,2,3,4]").replace("]}]}", "]}],\"outputs\":[{\"name\":\"l\",\"x\":1}]}"),
        "unknown field 'x' in an output");
  }

  @Test
  void refusesDuplicateKeys() {
    assertRefused(
        input("[1,2,3,4]").replace("{\"inputs\"", "{\"id\":\"a\",\"id\":\"b\",\"inputs\""),
        "Duplicate field 'id'");
    assertRefused(
        input("[1,2,3,4]").replace("\"name\":\"f\"", "\"name\":\"f\",\"name\":\"g\""),
        "Duplicate field 'name'");
    assertRefused(
        input("[1,2,3,4]").replace("\"data\"", "\"data\":[9,9,9,9],\"data\""),
        "Duplicate field 'data'");
    assertRefused(
        input("[1,2,3,4]").replace("]}]}", "]}],\"outputs\":[{\"name\":\"a\",\"name\":\"b\"}]}"),
        "Duplicate field 'name'");
  }

  @Test
  void refusesDuplicateKeysInsideParametersAtAnyDepth() {
    String nested = "{\"a\":[{\"b\":1,\"c\":{\"d\":1,\"d\":2}}],\"e\":true}";
    assertRefused(
        input("[1,2,3,4]").replace("{\"inputs\"", "{\"parameters\":" + nested + ",\"inputs\""),
        "Duplicate field 'd'");
    assertRefused(
        input("[1,2,3,4]").replace("\"data\"", "\"parameters\":{\"x\":1,\"x\":1},\"data\""),
        "Duplicate field 'x'");
    // The same key in sibling objects is no duplicate.
    String siblings = "{\"a\":{\"k\":1},\"b\":{\"k\":2},\"c\":[{\"k\":3},{\"k\":4}]}";
    String request =
        input("[1,2,3,4]").replace("{\"inputs\"", "{\"parameters\":" + siblings + ",\"inputs\"");
    assertThat(parse(request).inputs()).hasSize(1);
  }

  // The parameters walker recurses per level: Jackson's nesting limit must refuse a hostile depth
  // with a 400 long before the walker could exhaust the thread's stack.
  @Test
  void refusesParametersNestedBeyondJacksonsLimitWithoutExhaustingTheStack() {
    int depth = 100_000;
    String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    assertRefused(
        input("[1,2,3,4]").replace("{\"inputs\"", "{\"parameters\":" + nested + ",\"inputs\""),
        "not valid JSON");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = "{\"id\":\"caf\u00e9\",\"inputs\":[]}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOf(V2Exception.class)
        .hasMessageContaining("not valid JSON");
  }

  private static String input(String data) {
    return "{\"inputs\":[{\"name\":\"f\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":"
        + data
        + "}]}";
  }
}
