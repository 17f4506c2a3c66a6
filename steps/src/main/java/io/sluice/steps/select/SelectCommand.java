package io.sluice.steps.select;

import io.sluice.steps.Command;
import io.sluice.steps.Metrics;
import io.sluice.steps.cli.Flags;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.model.ModelPackage;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code select}: picks the candidate whose report scores highest on the metric (a tie goes to the
 * alphabetically first name, so a rerun picks the same one), copies its model package to the output
 * and reports its metrics plus {@code selected_<name>} (1 for the winner, 0 for the others).
 */
public final class SelectCommand implements Command {

  @Override
  public String name() {
    return "select";
  }

  @Override
  public Set<String> flags() {
    return Set.of("candidate", "metric", "model");
  }

  @Override
  public String synopsis() {
    return "select --candidate <name>=<model folder>:<report folder> (repeat)"
        + " --model <folder> [--metric accuracy]";
  }

  @Override
  public Metrics run(Flags flags, PrintStream out) {
    List<Candidate> candidates = candidates(flags);
    String metric = flags.string("metric", "accuracy");
    Scored winner =
        candidates.stream()
            .map(c -> new Scored(c, c.reportMetrics(), metric))
            .max(
                Comparator.comparingDouble(Scored::score).thenComparing(Scored::name, byNameDesc()))
            .orElseThrow();
    ModelPackage.existing(winner.candidate().modelFolder()).copyTo(flags.outputFolder("model"));

    Metrics metrics = new Metrics().putAll(winner.metrics());
    for (Candidate candidate : candidates) {
      int chosen = candidate.name().equals(winner.name()) ? 1 : 0;
      metrics.put("selected_" + Metrics.safeName(candidate.name()), chosen);
    }
    out.printf("selected %s with %s %.4f%n", winner.name(), metric, winner.score());
    return metrics;
  }

  private static List<Candidate> candidates(Flags flags) {
    List<Candidate> candidates = flags.all("candidate").stream().map(Candidate::parse).toList();
    if (candidates.isEmpty()) {
      throw new StepFailure("give at least one --candidate <name>=<model folder>:<report folder>");
    }
    Set<String> names = new HashSet<>();
    for (Candidate candidate : candidates) {
      if (!names.add(candidate.name())) {
        throw new StepFailure("candidate name '" + candidate.name() + "' is given twice");
      }
    }
    return candidates;
  }

  // max() keeps the greatest, so on equal scores the alphabetically first name must compare last.
  private static Comparator<String> byNameDesc() {
    return Comparator.<String>naturalOrder().reversed();
  }

  /** A candidate with its report and its score on the chosen metric. */
  private record Scored(Candidate candidate, Metrics metrics, String metric) {

    Scored {
      if (metrics.get(metric) == null) {
        throw new StepFailure(
            "the report of candidate '"
                + candidate.name()
                + "' has no metric '"
                + metric
                + "'; it has "
                + metrics.asMap().keySet());
      }
    }

    String name() {
      return candidate.name();
    }

    double score() {
      return metrics.get(metric).doubleValue();
    }
  }
}
