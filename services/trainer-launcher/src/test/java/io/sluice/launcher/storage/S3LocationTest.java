package io.sluice.launcher.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class S3LocationTest {

  @Test
  void parsesBucketAndPrefixAndAddsTheTrailingSlash() {
    assertThat(S3Location.parse("s3://datasets/iris/2026-11-22"))
        .isEqualTo(new S3Location("datasets", "iris/2026-11-22/"));
    assertThat(S3Location.parse("s3://artifacts/runs/r1/"))
        .isEqualTo(new S3Location("artifacts", "runs/r1/"));
  }

  @Test
  void decodesAnEncodedFolderExactlyOnceAndWritesItBackTheSameWay() {
    S3Location location = S3Location.parse("s3://datasets/wine/p%2541%20q/Caf%C3%A9+1/");

    assertThat(location).isEqualTo(new S3Location("datasets", "wine/p%41 q/Café+1/"));
    assertThat(location.toString()).isEqualTo("s3://datasets/wine/p%2541%20q/Caf%C3%A9+1/");
  }

  @Test
  void rejectsOtherSchemes() {
    assertThatThrownBy(() -> S3Location.parse("file:///etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Location.parse("https://example.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Location.parse("s3://datasets/broken%4/"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesObjectKeysThatClimbOutOfTheTargetFolder() {
    Path folder = Path.of("/work/inputs/data");

    assertThatThrownBy(() -> ObjectStore.safeChild(folder, "../../etc/cron.d/x"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ObjectStore.safeChild(folder, "/etc/passwd"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void acceptsNestedRelativeKeys() throws Exception {
    assertThat(ObjectStore.safeChild(Path.of("/w/in"), "a/b/c.csv"))
        .isEqualTo(Path.of("/w/in/a/b/c.csv"));
  }
}
