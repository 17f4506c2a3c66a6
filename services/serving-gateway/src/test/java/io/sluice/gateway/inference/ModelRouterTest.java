package io.sluice.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.IrisModel;
import io.sluice.gateway.routing.TrafficSplit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
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

  @Test
  void candidateAnswersItsShareOfRequestsWithinAStatisticalBound() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 10, 0);

    // 2,000 draws at p = 0.1: mean 200, standard deviation about 13.4; 140..260 is 4.5 of them.
    assertThat(answersBy(2, 2_000)).isBetween(140, 260);
    router.setShares("iris", 50, 0);
    assertThat(answersBy(2, 2_000)).isBetween(870, 1_130);
    router.setShares("iris", 0, 0);
    assertThat(answersBy(2, 2_000)).isZero();
    router.setShares("iris", 100, 0);
    assertThat(answersBy(2, 2_000)).isEqualTo(2_000);
  }

  @Test
  void stickyKeyInTheCandidatesShareStaysThereAsTheShareGrows() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 10, 0);
    List<String> keys = IntStream.range(0, 1_000).mapToObj(i -> "user-" + i).toList();
    Set<String> atTen = keysOnCandidate(keys);

    router.setShares("iris", 50, 0);
    Set<String> atFifty = keysOnCandidate(keys);

    assertThat(atTen).hasSizeBetween(50, 150);
    assertThat(atFifty).hasSizeBetween(400, 600).containsAll(atTen);
    assertThat(keysOnCandidate(keys)).isEqualTo(atFifty);
  }

  @Test
  void pinnedVersionReachesTheStableAndTheCandidateButNoOtherVersion() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 0, 0);

    assertThat(versionOf(router.acquireVersion("iris", 1))).isEqualTo(1);
    assertThat(versionOf(router.acquireVersion("iris", 2))).isEqualTo(2);
    assertThat(router.acquireVersion("iris", 3)).isNull();
    assertThat(router.acquireVersion("other", 1)).isNull();
  }

  @Test
  void promotingTheCandidateRetiresTheOldStableAfterItsInFlightRequest() throws Exception {
    ServedModel v1 = TestModels.loaded(TestModels.iris("iris", 1));
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.serve(v1);
    router.startCandidate(v2, 50, 0);
    ServedModel inFlight = router.acquireVersion("iris", 1);

    router.promoteCandidate("iris");

    assertThat(router.split("iris")).isEmpty();
    assertThat(router.servingVersion("iris")).contains(2);
    assertThat(answersBy(2, 100)).isEqualTo(100);
    assertThat(v1.isClosed()).isFalse();
    inFlight.release();
    assertThat(v1.isClosed()).isTrue();
    assertThat(v2.isClosed()).isFalse();
  }

  @Test
  void retiredVersionIsReportedClosedOnlyAfterItsLastInFlightRequest() throws Exception {
    List<ModelVersion> closed = new CopyOnWriteArrayList<>();
    router.whenVersionClosed(closed::add);
    ServedModel v1 = TestModels.loaded(TestModels.iris("iris", 1));
    router.serve(v1);
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 50, 0);
    ServedModel inFlight = router.acquireVersion("iris", 1);

    router.promoteCandidate("iris");

    assertThat(closed).isEmpty();
    inFlight.release();
    assertThat(closed).containsExactly(v1.version());
  }

  @Test
  void versionServedAgainBeforeTheOldCopyClosedIsNotReportedClosed() throws Exception {
    List<ModelVersion> closed = new CopyOnWriteArrayList<>();
    router.whenVersionClosed(closed::add);
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.startCandidate(v2, 50, 0);
    ServedModel inFlight = router.acquireVersion("iris", 2);
    router.dropCandidate("iris");
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 10, 0);

    inFlight.release();

    assertThat(v2.isClosed()).isTrue();
    assertThat(closed).isEmpty();
  }

  @Test
  void droppingTheCandidateSendsAllTrafficBackAndClosesIt() throws Exception {
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(v2, 100, 0);
    assertThat(router.split("iris")).contains(new TrafficSplit(1, 2, 100, 0));

    router.dropCandidate("iris");
    router.dropCandidate("iris");

    assertThat(v2.isClosed()).isTrue();
    assertThat(router.split("iris")).isEmpty();
    assertThat(answersBy(2, 100)).isZero();
  }

  @Test
  void newCandidateReplacesAndClosesThePreviousOne() throws Exception {
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(v2, 10, 0);

    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 3)), 20, 5);

    assertThat(v2.isClosed()).isTrue();
    assertThat(router.split("iris")).contains(new TrafficSplit(1, 3, 20, 5));
  }

  @Test
  void refusesSharesOutsideZeroToHundredAndKeepsTheRoute() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.startCandidate(v2, 10, 0);

    assertThatThrownBy(() -> router.setShares("iris", 101, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.setShares("iris", 10, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.startCandidate(v2, -5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(router.split("iris")).contains(new TrafficSplit(1, 2, 10, 0));
  }

  @Test
  void refusesTheStableVersionAsItsOwnCandidate() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    ServedModel again = TestModels.loaded(TestModels.iris("iris", 1));

    assertThatThrownBy(() -> router.startCandidate(again, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(router.split("iris")).isEmpty();
    again.retire();
  }

  @Test
  void sharesAndPromotionNeedACandidate() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));

    assertThatThrownBy(() -> router.setShares("iris", 10, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> router.promoteCandidate("iris"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(router.servingVersion("iris")).contains(1);
  }

  @Test
  void immediatePromotionPastTheCandidateRetiresIt() throws Exception {
    ServedModel v2 = TestModels.loaded(TestModels.iris("iris", 2));
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(v2, 10, 0);

    assertThat(router.serve(TestModels.loaded(TestModels.iris("iris", 3)))).contains(1);

    assertThat(v2.isClosed()).isTrue();
    assertThat(router.split("iris")).isEmpty();
  }

  @Test
  void shadowCopiesOnlyTheStableVersionsRequestsAtItsShare() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    router.startCandidate(TestModels.loaded(TestModels.iris("iris", 2)), 0, 30);
    int copied = 0;
    for (int i = 0; i < 2_000; i++) {
      ServedModel answering = router.acquire("iris", null);
      ServedModel copy = router.acquireShadow("iris", answering);
      if (copy != null) {
        assertThat(copy.versionNumber()).isEqualTo(2);
        copied++;
        copy.release();
      }
      answering.release();
    }
    // p = 0.3 over 2,000: mean 600, standard deviation about 20.5.
    assertThat(copied).isBetween(510, 690);
    router.setShares("iris", 100, 30);
    ServedModel candidate = router.acquire("iris", null);
    for (int i = 0; i < 200; i++) {
      assertThat(router.acquireShadow("iris", candidate)).isNull();
    }
    candidate.release();
  }

  @Test
  void requestsAcquireAVersionWhileRoutesSwitchConcurrently() throws Exception {
    router.serve(TestModels.loaded(TestModels.iris("iris", 1)));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread[] callers = new Thread[4];
    for (int t = 0; t < callers.length; t++) {
      callers[t] =
          new Thread(
              () -> {
                while (running.get()) {
                  ServedModel model = router.acquire("iris", null);
                  try {
                    model.predict(IrisModel.SETOSA.clone(), 1);
                  } catch (Throwable e) {
                    failures.add(e);
                  } finally {
                    model.release();
                  }
                }
              });
      callers[t].start();
    }
    for (int version = 2; version <= 20; version++) {
      router.startCandidate(TestModels.loaded(TestModels.iris("iris", version)), 50, 0);
      if (version % 2 == 0) {
        router.promoteCandidate("iris");
      } else {
        router.dropCandidate("iris");
      }
    }
    running.set(false);
    for (Thread caller : callers) {
      caller.join(10_000);
    }
    assertThat(failures).isEmpty();
    assertThat(router.servingVersion("iris")).contains(20);
  }

  /** How many of {@code requests} unkeyed requests version {@code version} answered. */
  private int answersBy(int version, int requests) {
    int answered = 0;
    for (int i = 0; i < requests; i++) {
      ServedModel model = router.acquire("iris", null);
      if (model.versionNumber() == version) {
        answered++;
      }
      model.release();
    }
    return answered;
  }

  private Set<String> keysOnCandidate(List<String> keys) {
    Set<String> onCandidate = new HashSet<>();
    for (String key : keys) {
      ServedModel model = router.acquire("iris", key);
      if (model.versionNumber() == 2) {
        onCandidate.add(key);
      }
      model.release();
    }
    return onCandidate;
  }

  private static int versionOf(ServedModel model) {
    try {
      return model.versionNumber();
    } finally {
      model.release();
    }
  }
}
