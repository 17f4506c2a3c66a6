package io.sluice.steps.train;

import io.sluice.steps.cli.StepFailure;
import java.util.Arrays;
import java.util.Locale;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The model types {@code train} offers. Both are Tribuo models that export to ONNX with a softmax
 * over the classes, so their scores are normalised probabilities.
 */
public enum Algorithm {
  /** Multinomial logistic regression: a linear model, fast and hard to overfit. */
  LOGISTIC("logistic", 100) {
    @Override
    Trainer<Label> trainer(int epochs, long seed) {
      return new LinearSGDTrainer(
          new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, NO_LOGGING, MINIBATCH, seed);
    }
  },
  /** A factorization machine: linear terms plus pairwise feature interactions. */
  FM("fm", 100) {
    @Override
    Trainer<Label> trainer(int epochs, long seed) {
      return new FMClassificationTrainer(
          new LogMulticlass(),
          new AdaGrad(0.1, 0.1),
          epochs,
          NO_LOGGING,
          MINIBATCH,
          seed,
          FACTOR_SIZE,
          FACTOR_INIT_VARIANCE);
    }
  };

  // Tribuo logs every n-th iteration at INFO; a step's log should say what it did, not each step.
  private static final int NO_LOGGING = -1;
  private static final int MINIBATCH = 1;
  private static final int FACTOR_SIZE = 4;
  private static final double FACTOR_INIT_VARIANCE = 0.1;

  private final String flagValue;
  private final int defaultEpochs;

  Algorithm(String flagValue, int defaultEpochs) {
    this.flagValue = flagValue;
    this.defaultEpochs = defaultEpochs;
  }

  /** A seeded trainer for this model type. */
  abstract Trainer<Label> trainer(int epochs, long seed);

  /** The value of {@code --algorithm} that selects it. */
  public String flagValue() {
    return flagValue;
  }

  /** The number of passes over the data when {@code --epochs} is not given. */
  public int defaultEpochs() {
    return defaultEpochs;
  }

  /**
   * The algorithm named by {@code --algorithm}.
   *
   * @throws StepFailure when no algorithm has that name
   */
  public static Algorithm fromFlag(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(a -> a.flagValue.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new StepFailure(
                    "unknown --algorithm '"
                        + value
                        + "'; choose one of "
                        + Arrays.stream(values()).map(Algorithm::flagValue).toList()));
  }
}
