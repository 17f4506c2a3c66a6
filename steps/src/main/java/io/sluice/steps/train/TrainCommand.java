package io.sluice.steps.train;

import io.sluice.steps.Command;
import io.sluice.steps.Metrics;
import io.sluice.steps.cli.Flags;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.data.DataFolder;
import io.sluice.steps.data.DatasetSchemaFile;
import io.sluice.steps.data.LabelColumn;
import io.sluice.steps.data.LabeledData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code train}: trains a seeded classifier on the train folder's CSVs and writes the model package
 * ({@code model.onnx} with the public signature, and {@code signature.json}).
 */
public final class TrainCommand implements Command {

  @Override
  public String name() {
    return "train";
  }

  @Override
  public Set<String> flags() {
    return Set.of("algorithm", "train", "model", "label", "seed", "epochs");
  }

  @Override
  public String synopsis() {
    return "train --algorithm logistic|fm --train <csv folder> --model <folder>"
        + " [--label <column>, default: the dataset schema's labelColumn, else species]"
        + " [--seed 42] [--epochs 100]";
  }

  @Override
  public Metrics run(Flags flags, PrintStream out) {
    Algorithm algorithm = Algorithm.fromFlag(flags.string("algorithm", "logistic"));
    Path trainFolder = flags.inputFolder("train");
    Path modelFolder = flags.outputFolder("model");
    Optional<DatasetSchemaFile> schema = DatasetSchemaFile.fromEnv(flags.env());
    String label = LabelColumn.orIrisDefault(flags, schema);
    long seed = flags.longValue("seed", 42);
    int epochs = epochs(flags, algorithm);

    LabeledData data = LabeledData.from(DataFolder.readAll(trainFolder), label, schema);
    TrainedClassifier trained = TrainedClassifier.train(data, algorithm, epochs, seed);
    trained.exportTo(DataFolder.created(modelFolder));
    double accuracy = trained.accuracy(data);

    out.printf(
        "trained %s on %d rows in %.3f s, train accuracy %.4f%n",
        algorithm.flagValue(), data.size(), trained.trainSeconds(), accuracy);
    return new Metrics()
        .put("train_accuracy", accuracy)
        .put("train_seconds", trained.trainSeconds())
        .put("rows_train", data.size())
        .put("features", data.featureNames().size())
        .put("classes", trained.signature().classNames().size())
        .put("epochs", epochs);
  }

  private static int epochs(Flags flags, Algorithm algorithm) {
    long epochs = flags.longValue("epochs", algorithm.defaultEpochs());
    if (epochs < 1 || epochs > 100_000) {
      throw new StepFailure("--epochs must be between 1 and 100000, got " + epochs);
    }
    return (int) epochs;
  }
}
