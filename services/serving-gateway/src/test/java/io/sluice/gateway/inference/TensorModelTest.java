package io.sluice.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ArtifactRef;
import io.sluice.events.ModelSignature;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.MixedModel;
import io.sluice.gateway.artifact.ArtifactDownloader;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.protocol.InferRequestParser;
import io.sluice.gateway.protocol.TensorBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model with five named inputs of five datatypes, loaded and scored by real ONNX Runtime. */
class TensorModelTest {

  private static ModelVersion version(ModelSignature signature, byte[] onnx) {
    return new ModelVersion(
        "mixed",
        1,
        new ArtifactRef("s3://artifacts/mixed/1/model.onnx", ArtifactDownloader.sha256(onnx)),
        signature);
  }

  @Test
  void scoresEveryDatatypeThroughItsNamedInput() throws Exception {
    byte[] onnx = MixedModel.onnx();
    ServedModel model = TestModels.loader().load(version(MixedModel.signature(), onnx), onnx);
    String body =
        """
        {"inputs":[
          {"name":"flag","datatype":"BOOL","shape":[2,1],"data":[true,false]},
          {"name":"id","datatype":"INT64","shape":[2],"data":[9007199254740992,-3]},
          {"name":"count","datatype":"INT32","shape":[2,1],"data":[7,-8]},
          {"name":"ratio","datatype":"FP64","shape":[2,1],"data":[0.1,0.2]},
          {"name":"dense","datatype":"FP32","shape":[2,2],"data":[[1.5,2],[3,4]]}]}""";
    TensorBatch batch =
        TensorBatch.of(
            new InferRequestParser(model.maxValuesPerInput(16))
                .parse(body.getBytes(StandardCharsets.UTF_8)),
            model.inputs(),
            16,
            model.outputNames());

    List<OutputTensor> outputs = model.run(batch.inputs(), batch.outputs());

    assertThat(model.isClassifier()).isFalse();
    assertThat(outputs)
        .extracting(OutputTensor::name)
        .containsExactly("dense_out", "ratio_out", "count_out", "id_out", "flag_out");
    assertThat(outputs)
        .extracting(OutputTensor::datatype)
        .containsExactly(
            TensorDatatype.FP32,
            TensorDatatype.FP64,
            TensorDatatype.INT32,
            TensorDatatype.INT64,
            TensorDatatype.BOOL);
    assertThat((float[]) outputs.get(0).data()).containsExactly(1.5f, 2f, 3f, 4f);
    assertThat(outputs.get(0).shape()).containsExactly(2, 2);
    assertThat((double[]) outputs.get(1).data()).containsExactly(0.1, 0.2);
    assertThat((int[]) outputs.get(2).data()).containsExactly(7, -8);
    assertThat((long[]) outputs.get(3).data()).containsExactly(9007199254740992L, -3L);
    assertThat((boolean[]) outputs.get(4).data()).containsExactly(true, false);
    model.retire();
  }

  @Test
  void refusesASignatureWhoseDatatypeDiffersFromTheGraph() {
    byte[] onnx = MixedModel.onnx();
    ModelSignature wrong = MixedModel.signature();
    List<TensorSpec> inputs = new java.util.ArrayList<>(wrong.inputs());
    inputs.set(2, MixedModel.spec("count", TensorDatatype.INT64, -1, 1));
    ModelSignature signature = new ModelSignature(inputs, wrong.outputs(), List.of(), List.of());

    assertThatThrownBy(() -> TestModels.loader().load(version(signature, onnx), onnx))
        .isInstanceOfSatisfying(
            UnusableArtifactException.class,
            e -> assertThat(e.reason()).isEqualTo("signature_mismatch"))
        .hasMessageContaining("input 'count' is INT32");
  }

  @Test
  void refusesAGraphInputTheSignatureDoesNotList() {
    byte[] onnx = MixedModel.onnx();
    ModelSignature all = MixedModel.signature();
    ModelSignature fewer =
        new ModelSignature(
            all.inputs().subList(0, 4), all.outputs().subList(0, 4), List.of(), List.of());

    assertThatThrownBy(() -> TestModels.loader().load(version(fewer, onnx), onnx))
        .isInstanceOf(UnusableArtifactException.class)
        .hasMessageContaining("the graph takes input 'flag'");
  }
}
