package io.sluice.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingKeysTest {

  @Test
  void sameKeyAlwaysFallsIntoTheSameBucket() {
    assertThat(RoutingKeys.bucket("iris", "user-42"))
        .isEqualTo(RoutingKeys.bucket("iris", "user-42"));
  }

  @Test
  void bucketsArePinnedSoThatEveryReplicaAndReleaseAgrees() {
    // Pinned values: a change of the hash would move every sticky caller to another version.
    assertThat(RoutingKeys.bucket("iris", "user-1"))
        .isEqualTo(RoutingKeys.bucket("iris", "user-1"));
    assertThat(IntStream.range(0, 5).map(i -> RoutingKeys.bucket("iris", "user-" + i)).toArray())
        .containsExactly(74, 20, 28, 74, 22);
  }

  @Test
  void similarKeysSpreadEvenlyOverTheBuckets() {
    int[] perBucket = new int[100];
    for (int i = 0; i < 100_000; i++) {
      perBucket[RoutingKeys.bucket("iris", "user-" + i)]++;
    }
    // 1,000 expected per bucket; a bucket outside 800..1200 is over 6 standard deviations off.
    assertThat(IntStream.of(perBucket).min().orElseThrow()).isGreaterThan(800);
    assertThat(IntStream.of(perBucket).max().orElseThrow()).isLessThan(1200);
  }

  @Test
  void everyKeyGetsABucketIncludingEmptyHugeAndUnicodeOnes() {
    assertThat(RoutingKeys.bucket("iris", "")).isBetween(0, 99);
    assertThat(RoutingKeys.bucket("iris", "x".repeat(100_000))).isBetween(0, 99);
    assertThat(RoutingKeys.bucket("iris", "ü\u0000\uD83D\uDE00")).isBetween(0, 99);
  }

  @Test
  void modelNameIsPartOfTheHash() {
    long differing =
        IntStream.range(0, 1_000)
            .filter(i -> RoutingKeys.bucket("iris", "u" + i) != RoutingKeys.bucket("wine", "u" + i))
            .count();
    assertThat(differing).isGreaterThan(900);
  }
}
