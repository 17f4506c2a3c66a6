package io.sluice.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBatchTest {

  private static final List<TensorSpec> MODEL =
      List.of(
          new TensorSpec("dense", TensorDatatype.FP32, List.of(-1L, 2L)),
          new TensorSpec("ratio", TensorDatatype.FP64, List.of(-1L, 1L)),
          new TensorSpec("count", TensorDatatype.INT32, List.of(-1L, 1L)),
          new TensorSpec("id", TensorDatatype.INT64, List.of(-1L)),
          new TensorSpec("flag", TensorDatatype.BOOL, List.of(-1L, 1L)));
  private static final List<String> OUTPUTS = List.of("dense_out", "flag_out");
  private static final InferRequestParser PARSER = new InferRequestParser(64);

  private static String input(String name, String datatype, String shape, String data) {
    return "{\"name\":\"%s\",\"datatype\":\"%s\",\"shape\":%s,\"data\":%s}"
        .formatted(name, datatype, shape, data);
  }

  private static final String DENSE = input("dense", "FP32", "[2,2]", "[[1.5,2],[3,4]]");
  private static final String RATIO = input("ratio", "FP64", "[2,1]", "[0.1,0.2]");
  private static final String COUNT = input("count", "INT32", "[2,1]", "[7,-8]");
  private static final String ID = input("id", "INT64", "[2]", "[9007199254740992,-3]");
  private static final String FLAG = input("flag", "BOOL", "[2,1]", "[true,false]");

  private static TensorBatch batch(String... inputs) {
    return TensorBatch.of(
        PARSER.parse(("{\"inputs\":[" + String.join(",", inputs) + "]}").getBytes()),
        MODEL,
        4,
        OUTPUTS);
  }

  private static void assertRefused(String message, String... inputs) {
    assertThatThrownBy(() -> batch(inputs))
        .isInstanceOfSatisfying(V2Exception.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void takesInputsInAnyOrderAndConvertsEachToItsDatatype() {
    TensorBatch batch = batch(FLAG, ID, COUNT, RATIO, DENSE);

    assertThat(batch.rows()).isEqualTo(2);
    assertThat(batch.outputs()).isEqualTo(OUTPUTS);
    assertThat(batch.inputs())
        .extracting(ModelInput::name)
        .containsExactly("dense", "ratio", "count", "id", "flag");
    assertThat(((FloatBuffer) batch.inputs().get(0).data()).array())
        .containsExactly(1.5f, 2f, 3f, 4f);
    assertThat(batch.inputs().get(0).shape()).containsExactly(2, 2);
    assertThat(((DoubleBuffer) batch.inputs().get(1).data()).array()).containsExactly(0.1, 0.2);
    assertThat(((IntBuffer) batch.inputs().get(2).data()).array()).containsExactly(7, -8);
    assertThat(((LongBuffer) batch.inputs().get(3).data()).array())
        .containsExactly(9007199254740992L, -3L);
    assertThat(((ByteBuffer) batch.inputs().get(4).data()).array()).containsExactly(1, 0);
  }

  @Test
  void readsInt64ValuesBeyondTwoToThe53Exactly() {
    // 2^53 + 1 and the extremes of the long range: a double would round every one of them.
    String id = input("id", "INT64", "[2]", "[9007199254740993,-9223372036854775808]");
    String wide = input("id", "INT64", "[2]", "[3,9223372036854775807]");

    assertThat(((LongBuffer) batch(DENSE, RATIO, COUNT, id, FLAG).inputs().get(3).data()).array())
        .containsExactly(9007199254740993L, Long.MIN_VALUE);
    assertThat(((LongBuffer) batch(DENSE, RATIO, COUNT, wide, FLAG).inputs().get(3).data()).array())
        .containsExactly(3L, Long.MAX_VALUE);
  }

  @Test
  void refusesMissingExtraAndDuplicatedInputsByName() {
    assertRefused("missing input 'flag'", DENSE, RATIO, COUNT, ID);
    assertRefused(
        "unknown input 'extra'",
        DENSE,
        RATIO,
        COUNT,
        ID,
        FLAG,
        input("extra", "FP32", "[1]", "[1]"));
    assertRefused("input 'ratio' is given twice", DENSE, RATIO, RATIO, COUNT, ID, FLAG);
  }

  @Test
  void refusesAWrongDatatypeNamingTheInput() {
    assertRefused(
        "input 'count' must be INT32, got 'INT64'",
        DENSE,
        RATIO,
        input("count", "INT64", "[2,1]", "[7,8]"),
        ID,
        FLAG);
    assertRefused(
        "input 'flag' is BOOL: 'data' must hold true or false",
        DENSE,
        RATIO,
        COUNT,
        ID,
        input("flag", "BOOL", "[2,1]", "[1,0]"));
    assertRefused(
        "input 'dense' is FP32: 'data' must hold numbers",
        input("dense", "FP32", "[2,2]", "[true,true,false,true]"),
        RATIO,
        COUNT,
        ID,
        FLAG);
  }

  @Test
  void refusesAWrongShapeNamingTheInput() {
    assertRefused(
        "input 'dense' must have shape [-1, 2], got [2, 3]",
        input("dense", "FP32", "[2,3]", "[1,2,3,4,5,6]"),
        RATIO,
        COUNT,
        ID,
        FLAG);
    assertRefused(
        "input 'id' must have shape [-1], got [2, 1]",
        DENSE,
        RATIO,
        COUNT,
        input("id", "INT64", "[2,1]", "[1,2]"),
        FLAG);
    assertRefused(
        "input 'ratio': shape [2, 1] needs 2 values, 'data' holds 3",
        DENSE,
        input("ratio", "FP64", "[2,1]", "[1,2,3]"),
        COUNT,
        ID,
        FLAG);
    assertRefused(
        "input 'ratio' has a batch of 3 rows, input 'dense' of 2",
        DENSE,
        input("ratio", "FP64", "[3,1]", "[1,2,3]"),
        COUNT,
        ID,
        FLAG);
    assertRefused(
        "input 'dense' is empty", input("dense", "FP32", "[0,2]", "[]"), RATIO, COUNT, ID, FLAG);
  }

  @Test
  void refusesValuesTheDatatypeCannotHold() {
    assertRefused(
        "input 'count': data[1] is not an INT32",
        DENSE,
        RATIO,
        input("count", "INT32", "[2,1]", "[1,2.5]"),
        ID,
        FLAG);
    assertRefused(
        "input 'count': data[0] is not an INT32",
        DENSE,
        RATIO,
        input("count", "INT32", "[2,1]", "[2147483648,1]"),
        ID,
        FLAG);
    assertRefused(
        "input 'id': data[1] is beyond the INT64 range",
        DENSE,
        RATIO,
        COUNT,
        input("id", "INT64", "[2]", "[1,9223372036854775808]"),
        FLAG);
    assertRefused(
        "input 'id': data[0] is not an INT64",
        DENSE,
        RATIO,
        COUNT,
        input("id", "INT64", "[2]", "[1e19,1]"),
        FLAG);
    assertRefused(
        "input 'ratio': data[0] is NaN or infinite",
        DENSE,
        input("ratio", "FP64", "[2,1]", "[NaN,1]"),
        COUNT,
        ID,
        FLAG);
    assertRefused(
        "input 'dense': data[3] is NaN or infinite (or beyond FP32 range)",
        input("dense", "FP32", "[2,2]", "[1,2,3,1e39]"),
        RATIO,
        COUNT,
        ID,
        FLAG);
  }

  @Test
  void refusesABatchOverTheLimit() {
    assertRefused(
        "the batch of 5 rows exceeds the limit of 4",
        input("dense", "FP32", "[5,2]", "[1,2,3,4,5,6,7,8,9,10]"),
        input("ratio", "FP64", "[5,1]", "[1,2,3,4,5]"),
        input("count", "INT32", "[5,1]", "[1,2,3,4,5]"),
        input("id", "INT64", "[5]", "[1,2,3,4,5]"),
        input("flag", "BOOL", "[5,1]", "[true,true,true,true,true]"));
  }
}
