package io.sluice.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.IrisModel;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

  private final ModelRouter router = new ModelRouter();

  @Test
  void newVersionTakesNewRequestsWhileTheOldFinishesItsInFlightOnes() throws Exception {
    ServedModel v1 = TestModels.loaded(TestModels.iris("iris", 1));
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    assertThat(router.serve(v1)).isEmpty();
    ServedModel inFlight = router.acquire("iris");

    assertThat(router.serve(v2)).contains(1);

    assertThat(v1.isClosed()).isFalse();
    assertThat(inFlight.predict(IrisModel.SETOSA.clone(), 1).labels()).containsExactly("setosa");
    inFlight.release();
    assertThat(v1.isClosed()).isTrue();
    ServedModel next = router.acquire("iris");
    assertThat(next.versionNumber()).isEqualTo(2);
    next.release();
  }

  @Test
  void refusesToSwitchToAnOlderOrTheSameVersion() {
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    ServedModel v1 = TestModels.loaded(TestModels.iris("iris", 1));
    assertThat(catchServe(v2)).isNull();

    assertThatThrownBy(() -> router.serve(v1)).isInstanceOf(StaleVersionException.class);
    assertThat(router.servingVersion("iris")).contains(2);
    v1.retire();
  }

  @Test
  void unknownModelHasNoCurrentVersion() {
    assertThat(router.acquire("nothing")).isNull();
    assertThat(router.servingVersion("nothing")).isEmpty();
  }

  @Test
  void retiredModelCannotBeAcquiredAgain() {
    ServedModel model = TestModels.loaded(TestModels.iris("iris", 1));
    model.retire();
    model.retire();

    assertThat(model.tryAcquire()).isFalse();
    assertThat(model.isClosed()).isTrue();
  }

  private Exception catchServe(ServedModel model) {
    try {
      router.serve(model);
      return null;
    } catch (StaleVersionException e) {
      return e;
    }
  }
}
