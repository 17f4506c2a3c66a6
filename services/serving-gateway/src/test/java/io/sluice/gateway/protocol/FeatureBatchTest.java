package io.sluice.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureBatchTest {

  private static final List<String> OUTPUTS = List.of("label", "probabilities");

  private static InferRequest request(
      String name, String datatype, List<Long> shape, int count, int nonFinite, List<String> out) {
    double[] values = new double[count];
    if (nonFinite >= 0) {
      values[nonFinite] = Double.NaN;
    }
    InputTensor input = new InputTensor(name, datatype, shape, TensorValues.of(values));
    return new InferRequest(null, List.of(input), out);
  }

  private static InferRequest valid(List<Long> shape, int count) {
    return request("features", "FP32", shape, count, -1, List.of());
  }

  private static FeatureBatch check(InferRequest request) {
    return FeatureBatch.of(request, "features", 4, 3, OUTPUTS);
  }

  private static void assertRefused(InferRequest request, String message) {
    assertThatThrownBy(() -> check(request))
        .isInstanceOfSatisfying(V2Exception.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void acceptsARowMajorBatchAndReturnsAllOutputsByDefault() {
    FeatureBatch batch = check(valid(List.of(2L, 4L), 8));

    assertThat(batch.rows()).isEqualTo(2);
    assertThat(batch.features()).isEqualTo(4);
    assertThat(batch.outputs()).containsExactly("label", "probabilities");
  }

  @Test
  void returnsOnlyTheRequestedOutputsInModelOrder() {
    InferRequest request =
        request("features", "FP32", List.of(1L, 4L), 4, -1, List.of("probabilities"));

    assertThat(check(request).outputs()).containsExactly("probabilities");
  }

  @Test
  void refusesWhatDoesNotFitTheModel() {
    assertRefused(
        request("petals", "FP32", List.of(1L, 4L), 4, -1, List.of()), "unknown input 'petals'");
    assertRefused(request("features", "FP64", List.of(1L, 4L), 4, -1, List.of()), "must be FP32");
    assertRefused(valid(List.of(4L), 4), "must have shape [batch, 4]");
    assertRefused(valid(List.of(1L, 3L), 3), "takes 4 features per row");
    assertRefused(valid(List.of(2L, 4L), 4), "needs 8 values, 'data' holds 4");
    assertRefused(
        request("features", "FP32", List.of(1L, 4L), 4, -1, List.of("logits")),
        "unknown output 'logits'");
  }

  @Test
  void refusesEmptyAndOversizedBatches() {
    assertRefused(valid(List.of(0L, 4L), 0), "empty");
    assertRefused(valid(List.of(4L, 4L), 16), "exceeds the limit of 3");
  }

  @Test
  void refusesNonFiniteValuesNamingThePosition() {
    assertRefused(
        request("features", "FP32", List.of(1L, 4L), 4, 2, List.of()),
        "data[2] is NaN or infinite");
  }

  @Test
  void refusesValuesBeyondFloatRange() {
    InputTensor input =
        new InputTensor("features", "FP32", List.of(1L, 4L), TensorValues.of(1, 2, 1e39, 4));
    assertRefused(new InferRequest(null, List.of(input), List.of()), "data[2] is NaN or infinite");
  }

  @Test
  void refusesMoreThanOneInput() {
    InputTensor input =
        new InputTensor("features", "FP32", List.of(1L, 4L), TensorValues.of(1, 2, 3, 4));
    assertRefused(new InferRequest(null, List.of(input, input), List.of()), "exactly one input");
    assertRefused(new InferRequest(null, List.of(), List.of()), "exactly one input");
  }
}
