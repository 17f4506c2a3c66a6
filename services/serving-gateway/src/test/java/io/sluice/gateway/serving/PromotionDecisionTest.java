package io.sluice.gateway.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionDecisionTest {

  @Test
  void firstApprovedVersionIsPromoted() {
    assertThat(PromotionDecision.decide(Evaluations.of("m", 1, Verdict.APPROVED), Optional.empty()))
        .isEqualTo(PromotionDecision.PROMOTE);
  }

  @Test
  void newerApprovedVersionIsPromoted() {
    assertThat(PromotionDecision.decide(Evaluations.of("m", 3, Verdict.APPROVED), Optional.of(2)))
        .isEqualTo(PromotionDecision.PROMOTE);
  }

  @Test
  void olderOrSameVersionArrivingLateIsNotServed() {
    assertThat(PromotionDecision.decide(Evaluations.of("m", 2, Verdict.APPROVED), Optional.of(3)))
        .isEqualTo(PromotionDecision.NOT_NEWER);
    assertThat(PromotionDecision.decide(Evaluations.of("m", 3, Verdict.APPROVED), Optional.of(3)))
        .isEqualTo(PromotionDecision.NOT_NEWER);
  }

  @Test
  void rejectedVersionIsNeverPromoted() {
    assertThat(PromotionDecision.decide(Evaluations.of("m", 4, Verdict.REJECTED), Optional.of(3)))
        .isEqualTo(PromotionDecision.REJECTED_BY_GATE);
  }
}
