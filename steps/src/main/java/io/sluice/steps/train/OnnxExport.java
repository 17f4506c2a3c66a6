package io.sluice.steps.train;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.sluice.steps.model.Signature;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Exports a Tribuo classifier as an ONNX graph with the public signature, so that the serving
 * gateway never reorders anything:
 *
 * <pre>
 * features [batch, n] (signature order)
 *   -> Gather(axis 1)   reorder to Tribuo's internal (alphabetical) feature order
 *   -> Tribuo's graph   softmax class scores in Tribuo's label order
 *   -> Gather(axis 1)   reorder to classNames order   = probabilities [batch, classes]
 *   -> ArgMax(axis 1) -> Gather(classNames constant)   = label [batch] (string)
 * </pre>
 */
final class OnnxExport {

  private static final String DOMAIN = "io.sluice.steps";
  private static final String CLASS_NAMES = "sluice_class_names";
  private static final String LABEL_INDEX = "sluice_label_index";

  private OnnxExport() {}

  /**
   * Builds the ONNX model.
   *
   * @param model a trained Tribuo model that implements {@link ONNXExportable}
   * @param signature the public feature order and class order the graph must follow
   */
  static OnnxMl.ModelProto export(Model<Label> model, Signature signature) {
    if (!(model instanceof ONNXExportable exportable)) {
      throw new IllegalArgumentException(model.getClass().getName() + " cannot export to ONNX");
    }
    List<String> features = signature.featureNames();
    List<String> classes = signature.classNames();
    ONNXContext context = new ONNXContext();
    context.setName("sluice-classifier");
    ONNXPlaceholder input = context.floatInput(Signature.FEATURES, features.size());
    ONNXNode tribuoOrder =
        input.apply(
            ONNXOperators.GATHER,
            context.array("sluice_feature_order", featureOrder(model.getFeatureIDMap(), features)),
            Map.of("axis", 1));
    ONNXNode probabilities =
        exportable
            .writeONNXGraph(tribuoOrder)
            .apply(
                ONNXOperators.GATHER,
                context.array("sluice_class_order", classOrder(model.getOutputIDInfo(), classes)),
                Map.of("axis", 1));
    probabilities.assignTo(context.floatOutput(Signature.PROBABILITIES, classes.size()));
    OnnxMl.ModelProto tribuoModel = ONNXExportable.buildModel(context, DOMAIN, 1, model);
    return withLabelOutput(tribuoModel, classes);
  }

  /** Position i holds the public column of the feature Tribuo numbers i. */
  static long[] featureOrder(ImmutableFeatureMap featureMap, List<String> publicOrder) {
    if (featureMap.size() != publicOrder.size()) {
      throw new IllegalStateException(
          "the model knows " + featureMap.size() + " features, the signature " + publicOrder);
    }
    long[] order = new long[publicOrder.size()];
    for (int column = 0; column < publicOrder.size(); column++) {
      order[featureMap.getID(publicOrder.get(column))] = column;
    }
    return order;
  }

  /** Position j holds Tribuo's score column for the j-th public class name. */
  static long[] classOrder(ImmutableOutputInfo<Label> outputs, List<String> classNames) {
    long[] order = new long[classNames.size()];
    for (int j = 0; j < classNames.size(); j++) {
      order[j] = outputs.getID(new Label(classNames.get(j)));
    }
    return order;
  }

  // Tribuo's graph builder only makes float outputs, so the string output is added to the proto.
  private static OnnxMl.ModelProto withLabelOutput(OnnxMl.ModelProto model, List<String> classes) {
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    graph.addInitializer(stringVector(CLASS_NAMES, classes));
    graph.addNode(
        NodeProto.newBuilder()
            .setName("sluice_label_argmax")
            .setOpType("ArgMax")
            .addInput(Signature.PROBABILITIES)
            .addOutput(LABEL_INDEX)
            .addAttribute(intAttribute("axis", 1))
            .addAttribute(intAttribute("keepdims", 0)));
    graph.addNode(
        NodeProto.newBuilder()
            .setName("sluice_label_gather")
            .setOpType("Gather")
            .addInput(CLASS_NAMES)
            .addInput(LABEL_INDEX)
            .addOutput(Signature.LABEL)
            .addAttribute(intAttribute("axis", 0)));
    graph.addOutput(stringBatchOutput(Signature.LABEL));
    return model.toBuilder().setGraph(graph).build();
  }

  private static TensorProto stringVector(String name, List<String> values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.STRING.getNumber())
            .addDims(values.size());
    values.forEach(value -> tensor.addStringData(ByteString.copyFromUtf8(value)));
    return tensor.build();
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static ValueInfoProto stringBatchOutput(String name) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .build();
    TypeProto.Tensor tensor =
        TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.STRING.getNumber())
            .setShape(shape)
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }
}
