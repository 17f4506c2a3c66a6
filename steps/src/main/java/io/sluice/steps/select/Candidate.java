package io.sluice.steps.select;

import io.sluice.steps.Metrics;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.evaluate.EvaluateCommand;
import java.nio.file.Path;

/**
 * One model competing in {@code select}: its package folder and the report folder that {@code
 * evaluate} wrote for it.
 *
 * @param name the candidate's name, e.g. {@code logistic}
 * @param modelFolder the model package
 * @param reportFolder the evaluation report
 */
public record Candidate(String name, Path modelFolder, Path reportFolder) {

  /**
   * Parses {@code <name>=<model folder>:<report folder>}. The last ':' separates the folders.
   *
   * @throws StepFailure when the text has another shape
   */
  public static Candidate parse(String text) {
    int eq = text.indexOf('=');
    int colon = text.lastIndexOf(':');
    if (eq <= 0 || colon <= eq + 1 || colon == text.length() - 1) {
      throw new StepFailure(
          "--candidate '" + text + "' should look like <name>=<model folder>:<report folder>");
    }
    String name = text.substring(0, eq).trim();
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new StepFailure(
          "candidate name '" + name + "' may hold only letters, digits, '_' and '-'");
    }
    return new Candidate(
        name, Path.of(text.substring(eq + 1, colon)), Path.of(text.substring(colon + 1)));
  }

  /**
   * The metrics of its evaluation report.
   *
   * @throws StepFailure when the report is missing or not a flat JSON object of numbers
   */
  public Metrics reportMetrics() {
    return Metrics.read(reportFolder.resolve(EvaluateCommand.METRICS_FILE));
  }
}
