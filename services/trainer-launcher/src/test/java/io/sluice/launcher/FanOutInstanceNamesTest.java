package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.kubernetes.JobNames;
import io.sluice.launcher.local.AttemptFolder;
import io.sluice.launcher.step.Placeholders;
import io.sluice.launcher.step.StepEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator names fan-out instances {@code <step>.<index>} ({@code train.0}) and the inputs
 * of a step that fans in {@code <input>.<index>} ({@code model.0}): both executors take them as
 * they are.
 */
class FanOutInstanceNamesTest {

  @Test
  void anInstanceGetsAValidJobNameOfItsOwn() {
    String job = JobNames.of(new AttemptKey("run-1", "train.0", 1, 0));
    assertThat(job).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
    assertThat(job).startsWith("sluice-train-0-");
    assertThat(job).isNotEqualTo(JobNames.of(new AttemptKey("run-1", "train.1", 1, 0)));
    assertThat(JobNames.of(new AttemptKey("run-1", "train-0", 1, 0)))
        .as("the hash keeps train.0 and a step named train-0 apart")
        .isNotEqualTo(job);
  }

  @Test
  void anInstanceGetsALocalAttemptFolderOfItsOwn(@TempDir Path work) throws Exception {
    AttemptFolder folder = AttemptFolder.create(work, new AttemptKey("run-1", "train.0", 1, 0));
    assertThat(folder.root()).isEqualTo(work.toAbsolutePath().resolve("run-1/train.0/1"));
    assertThat(Files.isDirectory(folder.root())).isTrue();
  }

  @Test
  void aFanInInputIsSubstitutedAndExported() throws Exception {
    Placeholders placeholders =
        new Placeholders(
            Map.of("model.0", Path.of("/w/inputs/model.0"), "model.1", Path.of("/w/inputs/m1")),
            Map.of());
    assertThat(placeholders.substitute(List.of("--candidate=a={{inputs.model.0}}:x")))
        .containsExactly("--candidate=a=/w/inputs/model.0:x");
    assertThat(
            StepEnvironment.inheriting(Map.of()).input("model.1", Path.of("/w/inputs/m1")).toMap())
        .containsEntry("SLUICE_INPUT_MODEL_1", "/w/inputs/m1");
  }
}
