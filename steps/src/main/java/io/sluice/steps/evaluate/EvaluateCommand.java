package io.sluice.steps.evaluate;

import io.sluice.steps.Command;
import io.sluice.steps.Json;
import io.sluice.steps.Metrics;
import io.sluice.steps.cli.Flags;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.data.CsvFormat;
import io.sluice.steps.data.CsvTable;
import io.sluice.steps.data.DataFolder;
import io.sluice.steps.data.DatasetSchemaFile;
import io.sluice.steps.data.LabelColumn;
import io.sluice.steps.data.LabeledData;
import io.sluice.steps.model.ModelPackage;
import io.sluice.steps.model.OnnxScorer;
import io.sluice.steps.model.Scores;
import io.sluice.steps.model.Signature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluate}: scores the test folder's CSVs with the packaged {@code model.onnx} through ONNX
 * Runtime (exactly what will be served) and writes {@code report/metrics.json} and {@code
 * report/confusion_matrix.csv}.
 */
public final class EvaluateCommand implements Command {

  /** The report's metrics file, a flat JSON object the {@code select} step reads. */
  public static final String METRICS_FILE = "metrics.json";

  /** The report's confusion matrix. */
  public static final String CONFUSION_FILE = "confusion_matrix.csv";

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public Set<String> flags() {
    return Set.of("model", "test", "report", "label");
  }

  @Override
  public String synopsis() {
    return "evaluate --model <model folder> --test <csv folder> --report <folder>"
        + " [--label <column>, default: the dataset schema's labelColumn, else the one column"
        + " that is not a feature]";
  }

  @Override
  public Metrics run(Flags flags, PrintStream out) {
    ModelPackage model = ModelPackage.existing(flags.inputFolder("model"));
    Path testFolder = flags.inputFolder("test");
    Path reportFolder = flags.outputFolder("report");

    Signature signature = model.signature();
    CsvTable table = DataFolder.readAll(testFolder);
    String label =
        LabelColumn.declared(flags, DatasetSchemaFile.fromEnv(flags.env()))
            .orElseGet(() -> labelColumn(table, signature.featureNames()));
    LabeledData test = LabeledData.from(table, label, signature.featureNames());
    Scores scores;
    try (OnnxScorer scorer = OnnxScorer.open(model.modelFile())) {
      scores = scorer.score(test.features());
    }
    ClassificationReport report = ClassificationReport.of(test.labels(), scores.labels());

    Metrics metrics = report.metrics();
    DataFolder.created(reportFolder);
    Json.write(reportFolder.resolve(METRICS_FILE), metrics.asMap());
    CsvFormat.write(report.confusionTable(), reportFolder.resolve(CONFUSION_FILE));
    out.printf(
        "evaluated %d rows through ONNX Runtime: accuracy %.4f, macro F1 %.4f%n",
        test.size(), report.accuracy(), report.macroF1());
    return metrics;
  }

  /** The label is the one column the model does not take as a feature. */
  private static String labelColumn(CsvTable table, List<String> featureNames) {
    List<String> others = table.header().stream().filter(c -> !featureNames.contains(c)).toList();
    if (others.size() != 1) {
      throw new StepFailure(
          "cannot tell the label column from the header "
              + table.header()
              + " (the model's features are "
              + featureNames
              + "); pass --label <column>");
    }
    return others.get(0);
  }
}
