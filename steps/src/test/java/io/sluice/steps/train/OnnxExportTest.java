package io.sluice.steps.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sluice.steps.Iris;
import io.sluice.steps.data.CsvFormat;
import io.sluice.steps.data.LabeledData;
import io.sluice.steps.model.ModelPackage;
import io.sluice.steps.model.OnnxScorer;
import io.sluice.steps.model.Scores;
import io.sluice.steps.model.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

class OnnxExportTest {

  private static final LabeledData IRIS = LabeledData.from(CsvFormat.read(Iris.CSV), "species");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void onnxRuntimeScoresEveryIrisRowInCsvOrderLikeTribuo(Algorithm algorithm) {
    TrainedClassifier trained = train(algorithm, 42);
    Scores scores = scoreWithOnnxRuntime(trained.exportTo(dir));

    List<Prediction<Label>> tribuo = trained.model().predict(TribuoData.dataset(IRIS, "check"));
    assertThat(scores.labels()).hasSize(150).isEqualTo(trained.predict(IRIS));
    List<String> classes = trained.signature().classNames();
    for (int r = 0; r < IRIS.size(); r++) {
      for (int c = 0; c < classes.size(); c++) {
        double expected = tribuo.get(r).getOutputScores().get(classes.get(c)).getScore();
        assertThat((double) scores.probabilities()[r][c]).isCloseTo(expected, within(1e-4));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void labelIsTheClassWithTheHighestNormalisedProbability(Algorithm algorithm) {
    TrainedClassifier trained = train(algorithm, 42);
    Scores scores = scoreWithOnnxRuntime(trained.exportTo(dir));

    List<String> classes = trained.signature().classNames();
    for (int r = 0; r < IRIS.size(); r++) {
      float[] row = scores.probabilities()[r];
      int best = 0;
      float sum = 0;
      for (int c = 0; c < row.length; c++) {
        best = row[c] > row[best] ? c : best;
        sum += row[c];
      }
      assertThat(sum).isCloseTo(1f, within(1e-5f));
      assertThat(scores.labels().get(r)).isEqualTo(classes.get(best));
    }
  }

  @Test
  void exportedGraphExposesExactlyTheSignature() throws Exception {
    TrainedClassifier trained = train(Algorithm.LOGISTIC, 42);
    ModelPackage modelPackage = trained.exportTo(dir);

    Signature signature = new ModelPackage(dir).signature();
    assertThat(signature).isEqualTo(trained.signature());
    assertThat(signature.featureNames())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
    assertThat(signature.classNames()).containsExactly("setosa", "versicolor", "virginica");
    try (OrtSession session =
        OrtEnvironment.getEnvironment().createSession(modelPackage.modelFile().toString())) {
      assertThat(session.getInputNames()).containsExactly("features");
      assertThat(session.getOutputNames()).containsExactlyInAnyOrder("label", "probabilities");
      TensorInfo input = (TensorInfo) session.getInputInfo().get("features").getInfo();
      assertThat(input.getShape()).containsExactly(-1, 4);
      TensorInfo label = (TensorInfo) session.getOutputInfo().get("label").getInfo();
      assertThat(label.type).isEqualTo(ai.onnxruntime.OnnxJavaType.STRING);
    }
  }

  @Test
  void gatherMapsEachTribuoFeatureIdToItsPublicColumn() {
    TrainedClassifier trained = train(Algorithm.LOGISTIC, 42);

    // Tribuo numbers features alphabetically: petal_length, petal_width, sepal_length, sepal_width.
    long[] order = OnnxExport.featureOrder(trained.model().getFeatureIDMap(), IRIS.featureNames());

    assertThat(order).containsExactly(2, 3, 0, 1);
  }

  @Test
  void sameSeedTrainsTheSameModel() throws Exception {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));

    Scores firstScores = scoreWithOnnxRuntime(train(Algorithm.FM, 7).exportTo(first));
    Scores secondScores = scoreWithOnnxRuntime(train(Algorithm.FM, 7).exportTo(second));

    assertThat(secondScores.probabilities()).isDeepEqualTo(firstScores.probabilities());
  }

  @Test
  void rejectsDataWithASingleClass() {
    LabeledData oneClass =
        new LabeledData(IRIS.featureNames(), new double[][] {{1, 2, 3, 4}}, List.of("setosa"));

    assertThatThrownBy(() -> TrainedClassifier.train(oneClass, Algorithm.LOGISTIC, 1, 42))
        .hasMessageContaining("at least two classes");
  }

  @Test
  void rejectsUnknownAlgorithmListingTheChoices() {
    assertThatThrownBy(() -> Algorithm.fromFlag("forest"))
        .hasMessageContaining("unknown --algorithm 'forest'")
        .hasMessageContaining("[logistic, fm]");
  }

  private static TrainedClassifier train(Algorithm algorithm, long seed) {
    return TrainedClassifier.train(IRIS, algorithm, algorithm.defaultEpochs(), seed);
  }

  private static Scores scoreWithOnnxRuntime(ModelPackage modelPackage) {
    try (OnnxScorer scorer = OnnxScorer.open(modelPackage.modelFile())) {
      return scorer.score(IRIS.features());
    }
  }
}
