package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ModelSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackagesTest {

  @TempDir Path folder;

  @Test
  void folderWithoutSignatureIsNotAModelPackage() throws Exception {
    Files.writeString(folder.resolve("train.csv"), "a,b\n1,2\n");
    assertThat(ModelPackages.signatureOf(folder)).isEmpty();
  }

  @Test
  void readsTheSignatureTheStepsModuleWrites() throws Exception {
    Files.writeString(
        folder.resolve("signature.json"),
        """
        {"inputs":[{"name":"features","datatype":"FP32","shape":[-1,4],
          "featureNames":["sepal_length","sepal_width","petal_length","petal_width"]}],
         "outputs":[{"name":"label","datatype":"BYTES","shape":[-1]},
                    {"name":"probabilities","datatype":"FP32","shape":[-1,3]}],
         "classNames":["setosa","versicolor","virginica"],
         "featureNames":["sepal_length","sepal_width","petal_length","petal_width"]}
        """);
    ModelSignature signature = ModelPackages.signatureOf(folder).orElseThrow();
    assertThat(signature.classNames()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(signature.featureNames()).hasSize(4).startsWith("sepal_length");
  }

  @Test
  void rejectsASignatureWithoutClassNames() throws Exception {
    Files.writeString(folder.resolve("signature.json"), "{\"inputs\":[],\"outputs\":[]}");
    assertThatThrownBy(() -> ModelPackages.signatureOf(folder))
        .isInstanceOf(ModelPackages.InvalidSignatureException.class)
        .hasMessageContaining("not a valid model signature");
  }

  @Test
  void rejectsAnOversizedSignature() throws Exception {
    Files.write(folder.resolve("signature.json"), new byte[300 * 1024]);
    assertThatThrownBy(() -> ModelPackages.signatureOf(folder))
        .hasMessageContaining("larger than 256 KiB");
  }
}
