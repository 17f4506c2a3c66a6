package io.sluice.steps.train;

import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.data.LabeledData;
import io.sluice.steps.model.ModelPackage;
import io.sluice.steps.model.Signature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A Tribuo classifier trained on labelled rows, with the signature it is exported under: features
 * in the data's column order, classes in alphabetical order.
 *
 * @param model the Tribuo model
 * @param signature the public signature of its export
 * @param trainSeconds how long training took
 */
public record TrainedClassifier(Model<Label> model, Signature signature, double trainSeconds) {

  private static final double NANOS_PER_SECOND = 1e9;

  /**
   * Trains a seeded model of the given type.
   *
   * @throws StepFailure when the data has fewer than two classes
   */
  public static TrainedClassifier train(
      LabeledData data, Algorithm algorithm, int epochs, long seed) {
    List<String> classes = data.labels().stream().distinct().sorted().toList();
    if (classes.size() < 2) {
      throw new StepFailure("training needs at least two classes, the data has " + classes);
    }
    long start = System.nanoTime();
    Model<Label> model =
        algorithm
            .trainer(epochs, seed)
            .train(TribuoData.dataset(data, "sluice-" + algorithm.flagValue()));
    double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
    return new TrainedClassifier(
        model, Signature.classifier(data.featureNames(), classes), seconds);
  }

  /** Tribuo's own predicted class for each row (rows in the signature's feature order). */
  public List<String> predict(LabeledData data) {
    return model.predict(TribuoData.dataset(data, "predict")).stream()
        .map(prediction -> prediction.getOutput().getLabel())
        .toList();
  }

  /** The share of rows whose predicted class equals their label. */
  public double accuracy(LabeledData data) {
    List<String> predicted = predict(data);
    long correct = 0;
    for (int r = 0; r < predicted.size(); r++) {
      correct += predicted.get(r).equals(data.labels().get(r)) ? 1 : 0;
    }
    return (double) correct / predicted.size();
  }

  /** Writes {@code model.onnx} and {@code signature.json} into the folder. */
  public ModelPackage exportTo(Path folder) {
    ModelPackage modelPackage = new ModelPackage(folder);
    try (OutputStream out = Files.newOutputStream(modelPackage.modelFile())) {
      OnnxExport.export(model, signature).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + modelPackage.modelFile(), e);
    }
    modelPackage.writeSignature(signature);
    return modelPackage;
  }
}
