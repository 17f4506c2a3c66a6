package io.sluice.steps.split;

import io.sluice.steps.Command;
import io.sluice.steps.Metrics;
import io.sluice.steps.cli.Flags;
import io.sluice.steps.data.CsvFormat;
import io.sluice.steps.data.CsvTable;
import io.sluice.steps.data.DataFolder;
import io.sluice.steps.data.DatasetSchemaFile;
import io.sluice.steps.data.LabelColumn;
import io.sluice.steps.data.LabeledData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code split}: reads the dataset's CSVs and writes a stratified, seeded {@code train/train.csv}
 * and {@code test/test.csv} with the input's header and column order.
 */
public final class SplitCommand implements Command {

  /** The file name of the training side in the train output folder. */
  public static final String TRAIN_FILE = "train.csv";

  /** The file name of the test side in the test output folder. */
  public static final String TEST_FILE = "test.csv";

  @Override
  public String name() {
    return "split";
  }

  @Override
  public Set<String> flags() {
    return Set.of("data", "train", "test", "test-fraction", "seed", "label");
  }

  @Override
  public String synopsis() {
    return "split --data <csv folder> --train <folder> --test <folder>"
        + " [--test-fraction 0.3] [--seed 42]"
        + " [--label <column>, default: the dataset schema's labelColumn, else species]";
  }

  @Override
  public Metrics run(Flags flags, PrintStream out) {
    Path data = flags.inputFolder("data");
    Path trainFolder = flags.outputFolder("train");
    Path testFolder = flags.outputFolder("test");
    double testFraction = flags.fraction("test-fraction", 0.3);
    long seed = flags.longValue("seed", 42);
    Optional<DatasetSchemaFile> schema = DatasetSchemaFile.fromEnv(flags.env());
    String label = LabelColumn.orIrisDefault(flags, schema);

    CsvTable table = DataFolder.readAll(data);
    LabeledData checked = LabeledData.from(table, label, schema);
    StratifiedSplit split = StratifiedSplit.of(table, table.columnIndex(label), testFraction, seed);
    CsvFormat.write(split.train(), DataFolder.created(trainFolder).resolve(TRAIN_FILE));
    CsvFormat.write(split.test(), DataFolder.created(testFolder).resolve(TEST_FILE));

    out.printf(
        "split %d rows into %d train and %d test%n",
        checked.size(), split.train().rows().size(), split.test().rows().size());
    return new Metrics()
        .put("rows_train", split.train().rows().size())
        .put("rows_test", split.test().rows().size())
        .put("classes", checked.labels().stream().distinct().count());
  }
}
