package io.sluice.gateway.inference;

/**
 * What a classifier returned for a batch.
 *
 * @param labels the predicted class name per row
 * @param probabilities row-major, {@code rows x classes}
 * @param rows the batch size
 * @param classes the number of classes (probability columns)
 */
public record Prediction(String[] labels, float[] probabilities, int rows, int classes) {}
