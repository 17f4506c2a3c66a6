package io.sluice.steps.train;

import io.sluice.steps.data.LabeledData;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Turns labelled rows into Tribuo's dataset and examples. */
final class TribuoData {

  private static final LabelFactory LABELS = new LabelFactory();

  private TribuoData() {}

  /** A dataset with one example per row; the source name goes into the model's provenance. */
  static MutableDataset<Label> dataset(LabeledData data, String sourceName) {
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(sourceName, LABELS), LABELS);
    for (int r = 0; r < data.size(); r++) {
      dataset.add(example(data, r, new Label(data.labels().get(r))));
    }
    return dataset;
  }

  /** The row as an example with no known label, as a model sees it at prediction time. */
  static Example<Label> unlabelled(LabeledData data, int row) {
    return example(data, row, LabelFactory.UNKNOWN_LABEL);
  }

  private static Example<Label> example(LabeledData data, int row, Label label) {
    String[] names = data.featureNames().toArray(String[]::new);
    return new ArrayExample<>(label, names, data.features()[row].clone());
  }
}
