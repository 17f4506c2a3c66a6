package io.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.ModelSignature;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.artifact.ArtifactDownloader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exported Iris model under {@code src/test/resources/models/iris-logistic/} (made by {@code
 * sluice-steps.jar train --algorithm logistic}), with its signature read from {@code
 * signature.json} as the steps module writes it.
 */
public final class IrisModel {

  public static final String FOLDER = "/models/iris-logistic/";
  public static final float[] SETOSA = {5.1f, 3.5f, 1.4f, 0.2f};
  public static final float[] VIRGINICA = {6.7f, 3.0f, 5.2f, 2.3f};

  private IrisModel() {}

  public static byte[] onnx() {
    return resource("model.onnx");
  }

  public static String sha256() {
    return ArtifactDownloader.sha256(onnx());
  }

  /** The contract's signature, built from the package's {@code signature.json}. */
  public static ModelSignature signature() {
    try {
      JsonNode json = new ObjectMapper().readTree(resource("signature.json"));
      JsonNode features = json.get("inputs").get(0);
      List<TensorSpec> outputs = new ArrayList<>();
      json.get("outputs").forEach(output -> outputs.add(spec(output)));
      return new ModelSignature(
          List.of(spec(features)),
          outputs,
          strings(features.get("featureNames")),
          strings(json.get("classNames")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TensorSpec spec(JsonNode tensor) {
    List<Long> shape = new ArrayList<>();
    tensor.get("shape").forEach(size -> shape.add(size.asLong()));
    return new TensorSpec(
        tensor.get("name").asText(),
        TensorDatatype.valueOf(tensor.get("datatype").asText()),
        shape);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static byte[] resource(String file) {
    try (InputStream in = IrisModel.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + FOLDER + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
