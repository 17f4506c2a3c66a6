package io.sluice.steps.model;

import java.util.List;

/**
 * What a packaged classifier returns for a batch of rows.
 *
 * @param labels the predicted class name per row
 * @param probabilities per row, one probability per class in the signature's class order
 */
public record Scores(List<String> labels, float[][] probabilities) {

  /** Copies the label list; the probability matrix is owned by this record. */
  public Scores {
    labels = List.copyOf(labels);
  }
}
