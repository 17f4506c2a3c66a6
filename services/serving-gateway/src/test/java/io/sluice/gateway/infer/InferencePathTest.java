package io.sluice.gateway.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paths the inference route takes, and the names it reads from them: the same as Vert.x Web's
 * templates {@code /v2/models/:name/infer} and {@code /v2/models/:name/versions/:version/infer}
 * gave for these paths, once normalized (checked against Vert.x Web 4.5 when the templates were
 * replaced).
 */
class InferencePathTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "/v2/models/iris/infer, iris, -",
        "/v2/models/iris/infer/, iris, -",
        "/v2/models/iris/versions/3/infer, iris, 3",
        "/v2/models/iris/versions/3/infer/, iris, 3",
        "/v2/models/versions/infer, versions, -",
        "/v2/models/a%20b/infer, a b, -",
        "/v2/models/a%2Fb/infer, a/b, -",
        "/v2/models/a+b/infer, a+b, -",
        "/v2/models/a%2B/infer, a+, -",
        "/v2/models/a;x/infer, a;x, -",
        "/v2/models/a/versions/1%2F2/infer, a, 1/2",
      })
  void readsTheNamesOfAnInferencePath(String path, String name, String version) {
    assertThat(InferencePath.parse(path)).isEqualTo(new InferencePath(name, version));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v2/models/infer",
        "/v2/models//infer",
        "/v2/models/a/b/infer",
        "/v2/models/a/versions/infer",
        "/v2/models/a/versions//infer",
        "/v2/models/a/versions/3/x/infer",
        "/v2/models//versions/3/infer",
        "/v2/models/a/INFER",
        "/V2/models/a/infer",
        "/v2/models/a/infer//",
        "/v2/models/a",
        "/v2/models/a/ready",
        "/v2/models/a/versions/3",
        "/",
        ""
      })
  void leavesOtherPathsToOtherRoutes(String path) {
    assertThat(InferencePath.parse(path)).isNull();
  }
}
