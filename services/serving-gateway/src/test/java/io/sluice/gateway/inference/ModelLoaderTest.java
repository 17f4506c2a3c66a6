package io.sluice.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ModelSignature;
import io.sluice.gateway.IrisModel;
import io.sluice.gateway.artifact.UnusableArtifactException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {

  @Test
  void loadedIrisModelClassifiesASetosaAndAVirginica() throws Exception {
    ServedModel model = TestModels.loaded(TestModels.iris("iris", 1));
    float[] batch = new float[8];
    System.arraycopy(IrisModel.SETOSA, 0, batch, 0, 4);
    System.arraycopy(IrisModel.VIRGINICA, 0, batch, 4, 4);

    Prediction prediction = model.predict(batch, 2);

    assertThat(prediction.labels()).containsExactly("setosa", "virginica");
    assertThat(prediction.probabilities()).hasSize(6);
    assertThat(prediction.probabilities()[0]).isGreaterThan(0.5f);
    model.retire();
  }

  @Test
  void servesOnTheCpuWhenAskedForIt() {
    ServedModel model = TestModels.loaded(TestModels.iris("iris", 1));

    assertThat(model.executionProvider()).isEqualTo(ExecutionProvider.CPU);
    model.retire();
  }

  @Test
  void fallsBackToTheCpuWhenCudaCannotBeAdded() throws Exception {
    // The gateway ships the CPU-only onnxruntime artifact and this machine has no GPU.
    ModelLoader cuda = new ModelLoader(TestModels.config(ExecutionProvider.CUDA));

    ServedModel model = cuda.load(TestModels.iris("iris", 1), IrisModel.onnx());

    assertThat(model.executionProvider()).isEqualTo(ExecutionProvider.CPU);
    assertThat(model.predict(IrisModel.SETOSA, 1).labels()).containsExactly("setosa");
    model.retire();
  }

  @Test
  void refusesBytesThatAreNoOnnxModel() {
    byte[] garbage = "not a model".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TestModels.loader().load(TestModels.iris("iris", 1), garbage))
        .isInstanceOfSatisfying(
            UnusableArtifactException.class, e -> assertThat(e.reason()).isEqualTo("not_loadable"));
  }

  @Test
  void refusesAModelWhoseGraphDoesNotMatchTheSignature() {
    ModelSignature iris = IrisModel.signature();
    ModelSignature fiveFeatures =
        new ModelSignature(
            iris.inputs(), iris.outputs(), List.of("a", "b", "c", "d", "e"), iris.classNames());
    ModelVersion version =
        new ModelVersion("iris", 1, TestModels.iris("iris", 1).artifact(), fiveFeatures);

    assertThatThrownBy(() -> TestModels.loader().load(version, IrisModel.onnx()))
        .isInstanceOfSatisfying(
            UnusableArtifactException.class,
            e -> assertThat(e.reason()).isEqualTo("signature_mismatch"))
        .hasMessageContaining("5 features");
  }
}
