package io.sluice.steps.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.steps.Json;
import io.sluice.steps.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectCommandTest {

  @TempDir Path dir;

  @Test
  void picksTheCandidateWithTheHigherMetricAndCopiesItsModel() throws IOException {
    String low = candidate("logistic", 0.90);
    String high = candidate("fm", 0.95);
    Path metricsFile = dir.resolve("select.json");

    StepRun run = select(metricsFile, "--candidate", low, "--candidate", high);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(dir.resolve("out/model.onnx"))).isEqualTo("onnx of fm");
    assertThat(Files.readString(dir.resolve("out/signature.json"))).isEqualTo("{\"of\":\"fm\"}");
    assertThat(Json.read(metricsFile, Map.class))
        .containsEntry("accuracy", 0.95)
        .containsEntry("n_test", 45)
        .containsEntry("selected_fm", 1)
        .containsEntry("selected_logistic", 0);
  }

  @Test
  void tieGoesToTheAlphabeticallyFirstNameWhateverTheOrderGiven() throws IOException {
    String zeta = candidate("zeta", 0.9);
    String alpha = candidate("alpha", 0.9);

    StepRun zetaFirst = select(null, "--candidate", zeta, "--candidate", alpha);
    String chosenFirst = Files.readString(dir.resolve("out/model.onnx"));
    StepRun alphaFirst = select(null, "--candidate", alpha, "--candidate", zeta);
    String chosenSecond = Files.readString(dir.resolve("out/model.onnx"));

    assertThat(zetaFirst.exitCode()).isZero();
    assertThat(alphaFirst.exitCode()).isZero();
    assertThat(chosenFirst).isEqualTo(chosenSecond).isEqualTo("onnx of alpha");
  }

  @Test
  void selectsByTheNamedMetric() throws IOException {
    String a = candidate("a", Map.of("accuracy", 0.99, "macro_f1", 0.5));
    String b = candidate("b", Map.of("accuracy", 0.5, "macro_f1", 1.0));

    StepRun run = select(null, "--candidate", a, "--candidate", b, "--metric", "macro_f1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(dir.resolve("out/model.onnx"))).isEqualTo("onnx of b");
  }

  @Test
  void rejectsACandidateWhoseReportLacksTheMetric() throws IOException {
    String a = candidate("a", Map.of("accuracy", 0.99));

    StepRun run = select(null, "--candidate", a, "--metric", "macro_f1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("the report of candidate 'a' has no metric 'macro_f1'");
  }

  @Test
  void rejectsMalformedAndDuplicateCandidates() throws IOException {
    String a = candidate("a", 0.9);

    assertThat(select(null, "--candidate", "a-model-only").err())
        .contains("should look like <name>=<model folder>:<report folder>");
    assertThat(select(null, "--candidate", a, "--candidate", a).err())
        .contains("candidate name 'a' is given twice");
    assertThat(select(null).err()).contains("give at least one --candidate");
  }

  private StepRun select(Path metricsFile, String... candidateFlags) {
    String[] args = new String[candidateFlags.length + 3];
    args[0] = "select";
    args[1] = "--model";
    args[2] = dir.resolve("out").toString();
    System.arraycopy(candidateFlags, 0, args, 3, candidateFlags.length);
    Map<String, String> env =
        metricsFile == null ? Map.of() : Map.of("SLUICE_METRICS_FILE", metricsFile.toString());
    return StepRun.withEnv(env, args);
  }

  private String candidate(String name, double accuracy) throws IOException {
    return candidate(name, Map.of("accuracy", accuracy, "n_test", 45));
  }

  /** A candidate with a stand-in model package (select only copies it) and a report. */
  private String candidate(String name, Map<String, Number> metrics) throws IOException {
    Path model = Files.createDirectories(dir.resolve(name + "-model"));
    Files.writeString(model.resolve("model.onnx"), "onnx of " + name);
    Files.writeString(model.resolve("signature.json"), "{\"of\":\"" + name + "\"}");
    Path report = Files.createDirectories(dir.resolve(name + "-report"));
    Json.write(report.resolve("metrics.json"), metrics);
    return name + "=" + model + ":" + report;
  }
}
