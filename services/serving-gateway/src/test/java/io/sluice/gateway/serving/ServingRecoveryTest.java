package io.sluice.gateway.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.gateway.IrisModel;
import io.sluice.gateway.artifact.ArtifactStoreUnavailableException;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.inference.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingRecoveryTest {

  private final ModelRouter router = new ModelRouter();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<ModelVersion> prepared = new ArrayList<>();

  private ServingRecovery recovery(Preparer preparer) {
    return new ServingRecovery(preparer, router, new GatewayMetrics(meters));
  }

  private ServedModel load(ModelVersion version) {
    prepared.add(version);
    return TestModels.loaded(version);
  }

  @Test
  void afterARestartEveryRecordedVersionServesAgain() throws Exception {
    List<ModelVersion> recorded =
        List.of(TestModels.iris("iris", 3), TestModels.iris("flowers", 1));

    ServingRecovery.Outcome outcome = recovery(this::load).recover(recorded);

    assertThat(outcome.loaded()).containsExactlyElementsOf(recorded);
    assertThat(router.servingVersion("iris")).contains(3);
    assertThat(router.servingVersion("flowers")).contains(1);
    ServedModel iris = router.acquire("iris");
    assertThat(iris.predict(IrisModel.SETOSA.clone(), 1).labels()).containsExactly("setosa");
    iris.release();
  }

  @Test
  void versionThatCanNoLongerBeServedIsSkippedAndCounted() {
    Preparer failing =
        version -> {
          if (version.name().equals("broken")) {
            throw new UnusableArtifactException("sha256_mismatch", "altered");
          }
          return load(version);
        };

    ServingRecovery.Outcome outcome =
        recovery(failing)
            .recover(List.of(TestModels.iris("broken", 2), TestModels.iris("iris", 1)));

    assertThat(outcome.refused()).singleElement().asString().contains("broken v2");
    assertThat(router.servingVersion("broken")).isEmpty();
    assertThat(router.servingVersion("iris")).contains(1);
    assertThat(
            meters
                .counter(
                    "sluice.gateway.artifacts.refused",
                    "model",
                    "broken",
                    "reason",
                    "sha256_mismatch")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void versionAlreadyServingIsNotLoadedAgain() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 2)));

    ServingRecovery.Outcome outcome =
        recovery(this::load).recover(List.of(TestModels.iris("iris", 2)));

    assertThat(outcome.loaded()).isEmpty();
    assertThat(prepared).isEmpty();
  }

  @Test
  void unreachableStoreIsLeftToTheCallerToRetry() {
    Preparer unreachable =
        version -> {
          throw new ArtifactStoreUnavailableException("connection refused", null);
        };

    assertThatThrownBy(() -> recovery(unreachable).recover(List.of(TestModels.iris("iris", 1))))
        .isInstanceOf(ArtifactStoreUnavailableException.class);
    assertThat(router.servingVersion("iris")).isEmpty();
  }
}
